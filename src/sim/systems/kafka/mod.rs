//! Not built yet: the types the seam (`sim::systems`) needs, so the engine compiles. Validation
//! refuses scenarios of this system until it is written.

use super::{ServerNames, SystemMsg, SystemNode};
use crate::scenario::model::Scenario;
use crate::scenario::systems::KafkaSettings;
use crate::sim::effects::Ctx;
use crate::sim::ids::{MsgId, MsgKey, NodeId};
use crate::sim::topology::Topology;
use crate::sim::wire::{MsgKind, Payload};
use crate::sim::world::{DrainBlocker, World};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug)]
pub struct Node;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timer;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Msg {}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Event {}

impl Event {
    pub fn message(&self) -> Option<MsgKey> {
        match *self {}
    }
    pub fn describe(&self, _topo: &Topology, _lang: crate::i18n::Lang) -> String {
        match *self {}
    }
}

impl SystemMsg for Msg {
    fn kind(&self) -> MsgKind {
        match *self {}
    }
    fn expects_reply(&self) -> bool {
        match *self {}
    }
    fn carried(&self) -> (Option<MsgId>, u16) {
        match *self {}
    }
}

impl SystemNode for Node {
    type Timer = Timer;
    fn on_start(&mut self, _ctx: &mut Ctx) {}
    fn on_crash(&mut self, _ctx: &mut Ctx) {}
    fn on_lose_disk(&mut self, _ctx: &mut Ctx) {}
    fn on_message(&mut self, _ctx: &mut Ctx, _from: NodeId, _payload: Payload) {}
    fn on_timer(&mut self, _ctx: &mut Ctx, _timer: Timer) {}
}

pub fn server_names(_s: &Scenario, _settings: &KafkaSettings) -> ServerNames {
    ServerNames::default()
}

pub fn build_node(_s: &Scenario, _settings: &KafkaSettings, _t: &Topology, _id: NodeId) -> Node {
    Node
}

pub fn connected_peers(_t: &Topology, _id: NodeId) -> Vec<NodeId> {
    Vec::new()
}

pub fn drain_blockers(_w: &World, _limit: usize) -> Vec<DrainBlocker> {
    Vec::new()
}
