//! What a step talks about, outlined on screen: a style sheet of the step's highlights, so that
//! the cluster view and the panels need not know about lessons.

use crate::lessons::Highlight;
use crate::ui::cluster::dom_id;

/// CSS rules outlining the highlighted nodes, counters and panels.
pub fn css(highlights: &[Highlight]) -> String {
    let mut rules = String::new();
    for h in highlights {
        let rule = match h {
            // The node's box; the SVG group has the node's DOM id.
            Highlight::Node(name) => {
                format!("#{} > rect.node-box {{ stroke: var(--highlight); stroke-width: 4; }}\n", dom_id(name))
            }
            Highlight::Counter(c) => {
                format!(".score:has(#count-{}) {{ box-shadow: 0 0 0 3px var(--highlight); }}\n", c.dom_suffix())
            }
            Highlight::BacklogPlot => "#plot-backlog { box-shadow: 0 0 0 3px var(--highlight); }\n".to_string(),
            Highlight::Anomalies => ".anomalies { box-shadow: 0 0 0 3px var(--highlight); }\n".to_string(),
        };
        rules.push_str(&rule);
    }
    rules
}
