//! A re-implementation of Go's `text/tabwriter` with the settings kubectl uses for tables.
//!
//! kubectl (`cli-runtime` `printers.GetNewTabWriter`) creates `tabwriter.NewWriter(out, 6, 4, 3,
//! ' ', 0)`: minimum cell width 6, tab width 4 (unused with a space pad character), padding 3.
//! Cells are terminated by `\t`; the text after the last tab of a line is not a column cell and
//! is written unpadded. Column widths are computed per *block*: a run of consecutive lines that
//! all have a cell in that column, exactly like Go's recursive `format`, so lines with fewer
//! cells (or a blank line) restart the alignment below them.
//!
//! One deliberate deviation: trailing whitespace is trimmed from every line. Go only produces it
//! when a line ends in an empty cell (for example an absent `-L` label), and the project's spec
//! (§8.1) asks for no trailing whitespace.

/// Tabwriter settings. [`TabWriter::kubectl`] gives `kubectl get`'s; `rollout history` uses
/// padding 2.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TabWriter {
    pub min_width: usize,
    pub tab_width: usize,
    pub padding: usize,
    /// Trim trailing whitespace from every line (tables do; `describe` keeps Go's output).
    pub trim: bool,
}

impl TabWriter {
    /// `kubectl get`: min width 6, tab width 4, padding 3.
    pub const fn kubectl() -> TabWriter {
        TabWriter {
            min_width: 6,
            tab_width: 4,
            padding: 3,
            trim: true,
        }
    }

    /// `kubectl describe`: min width 0, tab width 8, padding 2, nothing trimmed.
    pub const fn describe() -> TabWriter {
        TabWriter {
            min_width: 0,
            tab_width: 8,
            padding: 2,
            trim: false,
        }
    }

    /// Aligns `text`. Every line (including a final one without `\n`) is formatted; the output
    /// keeps the input's line structure.
    pub fn format(&self, text: &str) -> String {
        let ends_with_newline = text.ends_with('\n');
        let body = text.strip_suffix('\n').unwrap_or(text);
        let lines: Vec<Vec<&str>> = body.split('\n').map(|l| l.split('\t').collect()).collect();
        let mut out_lines: Vec<String> = vec![String::new(); lines.len()];
        let mut widths = Vec::new();
        self.format_block(&lines, 0, lines.len(), &mut widths, &mut out_lines);
        let mut out = out_lines.join("\n");
        if ends_with_newline {
            out.push('\n');
        }
        out
    }

    /// Go's `Writer.format`: finds the blocks of lines that have a cell in column
    /// `widths.len()`, sizes that column per block, and recurses for the columns to the right.
    fn format_block(
        &self,
        lines: &[Vec<&str>],
        mut line0: usize,
        line1: usize,
        widths: &mut Vec<usize>,
        out: &mut [String],
    ) {
        let column = widths.len();
        let mut this = line0;
        while this < line1 {
            // A line has a cell in `column` when that cell is tab-terminated, i.e. it is not
            // the line's last piece.
            if column + 1 >= lines[this].len() {
                this += 1;
                continue;
            }
            self.write_lines(lines, line0, this, widths, out);
            line0 = this;
            let mut width = self.min_width;
            while this < line1 && column + 1 < lines[this].len() {
                width = width.max(text_width(lines[this][column]) + self.padding);
                this += 1;
            }
            widths.push(width);
            self.format_block(lines, line0, this, widths, out);
            widths.pop();
            line0 = this;
        }
        self.write_lines(lines, line0, line1, widths, out);
    }

    /// Renders lines `[from, to)` with the widths known so far; cells beyond them are unpadded.
    fn write_lines(
        &self,
        lines: &[Vec<&str>],
        from: usize,
        to: usize,
        widths: &[usize],
        out: &mut [String],
    ) {
        for i in from..to {
            let mut line = String::new();
            for (j, cell) in lines[i].iter().enumerate() {
                line.push_str(cell);
                if let Some(&w) = widths.get(j) {
                    if j + 1 < lines[i].len() {
                        let pad = w.saturating_sub(text_width(cell));
                        line.extend(std::iter::repeat_n(' ', pad));
                    }
                }
            }
            if self.trim {
                line.truncate(line.trim_end().len());
            }
            out[i] = line;
        }
    }
}

/// Go's tabwriter counts UTF-8 runes, not bytes.
fn text_width(cell: &str) -> usize {
    cell.chars().count()
}

/// Aligns `text` with kubectl's table settings.
pub fn align(text: &str) -> String {
    TabWriter::kubectl().format(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_padding_example() {
        let input = "NAME\tREADY\tSTATUS\tRESTARTS\tAGE\n\
                     web-0\t1/1\tRunning\t0\t10s\n\
                     web-1\t1/1\tRunning\t0\t8s\n";
        assert_eq!(
            align(input),
            "NAME    READY   STATUS    RESTARTS   AGE\n\
             web-0   1/1     Running   0          10s\n\
             web-1   1/1     Running   0          8s\n"
        );
    }

    #[test]
    fn minimum_width_is_six() {
        assert_eq!(align("a\tb\nc\td\n"), "a     b\nc     d\n");
    }

    #[test]
    fn trailing_empty_cell_leaves_no_trailing_whitespace() {
        assert_eq!(align("NAME\tX\nweb\t\n"), "NAME   X\nweb\n");
    }

    #[test]
    fn runes_not_bytes() {
        assert_eq!(align("é\tx\nab\ty\n"), "é     x\nab    y\n");
    }

    #[test]
    fn blocks_restart_after_a_shorter_line() {
        // Go aligns column 0 separately above and below a line without tabs.
        let input = "a\tb\nlonger-name\tc\nplain\nx\ty\n";
        assert_eq!(
            align(input),
            "a             b\nlonger-name   c\nplain\nx     y\n"
        );
    }

    #[test]
    fn history_padding_two() {
        let tw = TabWriter {
            padding: 2,
            ..TabWriter::kubectl()
        };
        assert_eq!(
            tw.format("REVISION\tCHANGE-CAUSE\n1\t<none>\n"),
            "REVISION  CHANGE-CAUSE\n1         <none>\n"
        );
    }
}
