// Port of go-trafilatura/internal/selector/selector.go

pub(crate) mod comments;
pub(crate) mod content;
pub(crate) mod discard;
pub(crate) mod metadata;
pub(crate) mod utils;

use crate::dom::{Document, NodeId};

/// A selector rule: a predicate that tests a single element node.
///
/// Port of Go's `type Rule func(*html.Node) bool`.
pub(crate) type Rule = fn(&Document, NodeId) -> bool;

/// Returns the first element in the subtree of `root` that satisfies any rule,
/// searching in document order.
///
/// Port of `Query`. Note: Go's `Query` takes a single `Rule`; in Rust we accept a
/// slice and OR them together here. This matches the behavior at Go call sites where
/// callers pass rule slices (e.g. `selector.Content`) as a composite predicate.
pub(crate) fn query(doc: &Document, root: NodeId, rules: &[Rule]) -> Option<NodeId> {
    // newsgraph patch: the elements are visited in place, in the order and within the depth
    // of `get_elements_by_tag_name(root, "*")`, without first collecting them all.
    let mut found = None;
    visit_elements(doc, root, 0, false, &mut |id| {
        if rules.iter().any(|rule| rule(doc, id)) {
            found = Some(id);
            return false;
        }
        true
    });
    found
}

/// Returns all elements in the subtree of `root` that satisfy any rule,
/// in document order.
///
/// Port of `QueryAll`.
pub(crate) fn query_all(doc: &Document, root: NodeId, rules: &[Rule]) -> Vec<NodeId> {
    let mut matches = Vec::new();
    visit_elements(doc, root, 0, false, &mut |id| {
        if rules.iter().any(|rule| rule(doc, id)) {
            matches.push(id);
        }
        true
    });
    matches
}

/// newsgraph patch: calls `visit` on the elements below `id` (and on `id` itself with
/// `include_self`) in document order, down to the depth `get_elements_by_tag_name` reaches;
/// stops when `visit` returns false. Returns false once stopped.
fn visit_elements(
    doc: &Document,
    id: NodeId,
    depth: usize,
    include_self: bool,
    visit: &mut dyn FnMut(NodeId) -> bool,
) -> bool {
    if depth >= crate::dom::MAX_TREE_DEPTH {
        return true;
    }
    let Some(node) = doc.tree.get(id) else {
        return true;
    };
    if include_self && node.value().is_element() && !visit(id) {
        return false;
    }
    for child in node.children() {
        if !visit_elements(doc, child.id(), depth + 1, true, visit) {
            return false;
        }
    }
    true
}
