//! The garbage collector: deletes dependents whose owners are gone (background cascade),
//! deletes blocking dependents before their owner (foreground), strips ownerReferences
//! (orphan), and — as the pod GC — removes pods bound to a Node that no longer exists.
//! Dependents are handled together, as upstream's worker pool does: no order is promised.

use super::api_server::DeleteOptions;
use super::Cluster;
use crate::api::*;

impl Cluster {
    pub(super) fn collect_garbage(&mut self) {
        // Owners being deleted with the orphan or foregroundDeletion finalizer.
        let finalizing: Vec<ObjectKey> = Kind::ALL
            .iter()
            .flat_map(|k| self.store.list(*k, None))
            .filter(|o| {
                o.meta().deletion_timestamp.is_some()
                    && o.meta()
                        .finalizers
                        .iter()
                        .any(|f| f == "orphan" || f == "foregroundDeletion")
            })
            .map(|o| o.key())
            .collect();
        for owner in finalizing {
            let Some(obj) = self.store.get(&owner).cloned() else {
                continue;
            };
            let uid = obj.meta().uid.clone();
            let dependents: Vec<ObjectKey> = self.store.dependents_of(&uid).cloned().collect();
            if obj.meta().finalizers.iter().any(|f| f == "orphan") {
                for dep in dependents {
                    if let Some(d) = self.store.get(&dep).map(|o| (**o).clone()) {
                        let mut d = d;
                        d.meta_mut().owner_references.retain(|r| r.uid != uid);
                        let _ = self.update(d);
                    }
                }
                self.drop_finalizer(&owner, "orphan");
            } else {
                let mut blocking = false;
                for dep in dependents {
                    let Some(d) = self.store.get(&dep).cloned() else {
                        continue;
                    };
                    let blocks = d
                        .meta()
                        .owner_references
                        .iter()
                        .any(|r| r.uid == uid && r.block_owner_deletion == Some(true));
                    // Leaf dependents are deleted in the background, as upstream's
                    // attemptToDeleteItem does for items without finalizers of their own.
                    if d.meta().deletion_timestamp.is_none() {
                        let _ = self.delete(&dep, DeleteOptions::default());
                    }
                    if blocks && self.store.contains(&dep) {
                        blocking = true;
                    }
                }
                if !blocking {
                    self.drop_finalizer(&owner, "foregroundDeletion");
                }
            }
        }
        // Dependents all of whose owners are gone.
        let missing: Vec<Name> = self.store.missing_owners().cloned().collect();
        let mut garbage = Vec::new();
        for uid in &missing {
            for dep in self.store.dependents_of(uid) {
                let Some(d) = self.store.get(dep) else {
                    continue;
                };
                let all_gone = d
                    .meta()
                    .owner_references
                    .iter()
                    .all(|r| self.store.key_of_uid(&r.uid).is_none());
                if all_gone && d.meta().deletion_timestamp.is_none() {
                    garbage.push(dep.clone());
                }
            }
        }
        crate::sort::sort(&mut garbage);
        garbage.dedup();
        for dep in garbage {
            let _ = self.delete(&dep, DeleteOptions::default());
        }
        // Pod GC: pods bound to nodes that no longer exist are removed at once.
        let orphaned: Vec<ObjectKey> = self
            .store
            .list(Kind::Pod, None)
            .filter(|o| match &***o {
                Object::Pod(p) => p
                    .spec
                    .node_name
                    .as_ref()
                    .is_some_and(|n| !self.store.contains(&ObjectKey::new(Kind::Node, "", n))),
                _ => false,
            })
            .map(|o| o.key())
            .collect();
        for pod in orphaned {
            self.remove(&pod);
        }
        // Non-graceful node shutdown: terminating pods on a NotReady node tainted
        // out-of-service are force-deleted (their volumes detach at once).
        let stranded: Vec<ObjectKey> = self
            .store
            .list(Kind::Pod, None)
            .filter(|o| match &***o {
                Object::Pod(p) => {
                    p.metadata.deletion_timestamp.is_some()
                        && p.spec
                            .node_name
                            .as_deref()
                            .is_some_and(|n| self.out_of_service(n) && !self.node_ready(n))
                }
                _ => false,
            })
            .map(|o| o.key())
            .collect();
        for pod in stranded {
            self.remove(&pod);
        }
    }
}
