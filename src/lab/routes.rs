//! What a client's view of the cluster gets wrong: a producer's route that still names a dead master.

use crate::sim::ids::NodeId;
use crate::sim::world::World;

/// True when the producer's route names a master that is down: it will keep sending there until
/// its next route refresh or a failed send makes it look again.
pub fn stale_route(world: &World, id: NodeId) -> bool {
    let Some(route) = world.producer(id).and_then(|p| p.route()) else {
        return false;
    };
    route.groups.iter().filter_map(|g| g.master()).any(|m| world.status(m).is_down())
}
