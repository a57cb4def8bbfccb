//! Column alignment as kubectl configures Go's `text/tabwriter`: min width 6, padding 3, spaces.

/// Smallest width of an aligned column, padding included.
const MIN_WIDTH: usize = 6;
/// Spaces added after the widest cell of a column.
const PADDING: usize = 3;

/// Lays out rows of cells the way `kubectl get` does. Every column but the last is as wide as
/// its widest cell plus 3 (at least 6); the last column is not padded. Lines carry no trailing
/// whitespace and each ends with `\n`.
pub fn render(rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = Vec::new();
    for row in rows {
        // The last cell of a line is not part of an aligned column.
        for (i, cell) in row.iter().enumerate().take(row.len().saturating_sub(1)) {
            let w = (cell.chars().count() + PADDING).max(MIN_WIDTH);
            if i == widths.len() {
                widths.push(w);
            } else if w > widths[i] {
                widths[i] = w;
            }
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                let pad = widths[i] - cell.chars().count();
                line.extend(std::iter::repeat_n(' ', pad));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
