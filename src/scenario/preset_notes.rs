//! The shipped scenarios' notes in Simplified Chinese, and which notes the page shows. A preset's
//! English notes are the `notes` of its JSON file; their translations live here, in the program,
//! so the scenario format stays unchanged and notes a learner wrote or edited are shown as written.

use super::model::Scenario;
use super::presets;
use crate::i18n::Lang;

/// The Chinese notes of the preset with this id (its file stem).
pub fn zh(id: &str) -> Option<&'static str> {
    NOTES_ZH.iter().find(|(preset, _)| *preset == id).map(|(_, notes)| *notes)
}

/// The notes the page shows for this scenario. In Chinese, notes that are a preset's own, word for
/// word, are shown in their translation (the run's settings may have been changed since, as
/// `presets::with_notes` allows); anything else, in either language, as written.
pub fn shown_notes(s: &Scenario, lang: Lang) -> &str {
    match lang {
        Lang::En => &s.notes,
        Lang::Zh => presets::with_notes(&s.notes).and_then(|p| zh(p.id)).unwrap_or(&s.notes),
    }
}

/// Each preset's notes in Chinese, by preset id, in the order of `presets::all`. Numbers, node
/// names, settings and protocol words are kept exactly as in the English notes.
const NOTES_ZH: &[(&str, &str)] = &[
    ("standard", "标准拓扑：两个 NameServer，两个 broker 组，各有一个 master 和一个 slave（异步复制、异步刷盘），两个生产者，以及一个有四个成员的消费者组。没有故障：作为对照的基准，也是性能测试用的负载。"),
    ("async-replication-master-crash", "ASYNC_MASTER 在 slave 收到消息之前就回复 SEND_OK。它的 HA 服务分批把消息发给 slave，两批之间最多相隔 100 毫秒，所以最新的已确认消息只存在于 master 上。master 所在机器在 10 秒宕机，再也没有回来：没刷盘的消息没了，已刷盘的困在宕机的磁盘上，其余的消息由消费者从 slave 读取。"),
    ("sync-double-write-master-crash", "SYNC_MASTER 要等 slave 收到消息后才回复 SEND_OK，所以凡是生产者被告知已安全的消息，master 宕机后都还保存在 slave 上。赶上宕机的发送转到 broker-b 重试。"),
    ("auto-ack-consumer-crash", "自动 ack 时，broker 在把消息交出去的那一刻就认为它已被消费。billing/c1 所在机器在 10 秒宕机时，缓冲区里有一批已拉取但未处理的消息：它们再也不会投递给任何人。"),
    ("manual-ack-consumer-crash", "手动 ack 时，位点在处理完之后才推进，并且每 5 秒提交一次。billing/c1 宕机后，billing/c2 从上次提交的位点接手它的队列：没有消息丢失，但 c1 在最后一次提交之后处理过的消息会再被处理一次。"),
    ("manual-ack-dropped-ack", "billing/c1 发往两个 master 的位点提交（也就是它的 ack）在 15 秒内全部丢失，随后 c1 宕机。broker 上保存的仍是 ack 丢失之前的位点，所以 c1 从那以后处理过的所有消息都会再投递给 billing/c2：没有去重的话，副作用会执行两次。"),
    ("manual-ack-dropped-ack-db-dedup", "同样的 ack 丢失和宕机，但 billing 把每个订单的业务键插入一个有唯一约束的列，和副作用放在同一个事务里。重新投递的消息插入失败：没有哪个副作用会执行两次。"),
    ("redis-setnx-crash-skips", "billing 在处理每个订单之前，先在 Redis 中占住它（SETNX）。这个键不属于业务事务：billing/c1 在处理一个已占住的订单时宕机，订单被重新投递给 billing/c2，SETNX 说它已经处理过，于是它被跳过。它的副作用永远不会发生。"),
    ("redis-ttl-too-short", "与手动 ack 一课相同的 ack 丢失和宕机，改用 Redis SETNX 去重，键只存活 5 秒。重新投递在第一次处理之后超过 5 秒才到：键已经过期，副作用执行了两次。"),
    ("reliable-producer-dropped-send-ok", "p1 在发送前把每个订单写入本地消息表，收到 SEND_OK 后标记该行。broker-a/master 回复的三个 SEND_OK 丢失了：这些订单一直未确认，于是补偿任务在 10 秒后把它们作为新消息重发。broker 上现在每条都有两份；billing 数据库中业务键上的唯一键保证副作用只执行一次。"),
    ("peak-shaving-burst", "订单以每秒 20 个的速度到达，每 60 秒有一次持续 10 秒、每秒 400 个的高峰。两个消费者合计每秒处理 100 个。积压在每次高峰时上升，在高峰之间消化；消费者拿到的从不超过它们能承受的量，也没有消息丢失。"),
    ("consumers-down-producer-goes-on", "billing 的两个消费者在 8 秒宕机，25 秒恢复。p1 毫无察觉：broker 继续接收它的订单，订单在队列里等待，billing 回来后逐步消化积压。billing 在最后一次位点提交（每 5 秒一次）之后处理过的消息会再被处理一次。"),
    ("all-masters-down", "两个 master 在 10 秒宕机，25 秒恢复。经典 RocketMQ 中 slave 从不接受写入，所以在这 15 秒里，每次发送在用完重试次数和 3 秒的时限后都会失败。消费者继续读取 slave 上已有的消息。"),
    ("retries-to-dlq", "每 50 个订单中有一个是毒消息：处理它总是失败（RECONSUME_LATER）。broker 依次在 10 秒、30 秒、1 分钟、2 分钟……2 小时后重试它；16 次重试后（共 17 次投递，将近 5 小时）它被移入 %DLQ%billing，那里没有消费者消费它。另外，每二十个订单中有一个会随机失败一次，重试时成功。"),
    ("backlog-slow-consumers", "p1 每秒发送 100 个订单。billing 处理每个订单要 40 毫秒（它的数据库变慢了），所以 billing 的两个消费者合计每秒只能处理 50 个：积压每秒增长约 50 个，每个订单都比前一个等得更久。没有消息丢失，只是全都晚了。"),
    ("backlog-scaled-out", "同样的订单、同样慢的数据库，billing 扩容到 8 个消费者：主题的 8 个队列（每个 broker 组 4 个）各对应一个，合计每秒处理 200 个订单。积压始终接近零。"),
    ("backlog-more-consumers-than-queues", "还是那个慢数据库，这次 billing 有 12 个消费者，而主题只有 8 个队列。一个队列同一时刻只由组内一个消费者读取，所以有 4 个消费者分不到队列，只能闲着；整个组并不比 8 个消费者时更快。想再快，就要增加队列（和 broker），而不只是增加消费者。"),
    ("example-full", "写出了格式的每一节和每个字段。billing 在数据库中去重，shipping 在 Redis 中去重；broker-a 的 master 在 20 秒宕机，35 秒恢复。"),
    ("transaction-commit-lost-check-back", "p1 把每个订单作为半消息发送，50 毫秒后提交本地数据库事务，再以 oneway 方式发送 END_TRANSACTION COMMIT。5 秒时，p1 发往 broker-a/master 的下一个 END_TRANSACTION 丢失：这个订单的数据库变更已经提交，消息却一直是半消息，billing 看不到。broker 的事务回查服务每 60 秒运行一次（RocketMQ 4.x），询问存在超过 6 秒的半消息：下一轮回查时，p1 根据自己的数据库回答 COMMIT，broker 随即让消息可见。lost = 0，没有重复。"),
    ("transaction-rollback", "p1 的本地数据库事务每五次回滚一次。这时它的半消息被 END_TRANSACTION ROLLBACK 回滚，永远不会到达 billing；已提交的则正常投递。delivered_after_rollback = 0，lost = 0。"),
    ("transaction-producer-crash", "p1 的每个本地事务耗时 2 秒。p1 在 8 秒宕机，20 秒重启。宕机时仍在执行的事务被数据库回滚；宕机前已提交的事务可能还没来得及发送 END_TRANSACTION。broker 的事务回查服务（每 60 秒一次）就每条还没有结果的半消息询问 p1：p1 根据数据库回答 COMMIT 或 ROLLBACK。每个已提交的订单都被投递，已回滚的一个也不会。"),
    ("plain-send-before-db-commit", "p1 在本地数据库事务内部用普通的同步发送发出每个订单，50 毫秒后再提交。每十个事务中有一个在消息已经存下之后回滚：billing 处理了一个根本不存在的订单（delivered_after_rollback）。对比 transaction-rollback：那里的半消息会等待事务的结果。"),
    ("plain-send-after-db-commit", "p1 先提交每个订单的本地数据库事务，再发送消息。从 10 秒到 15 秒，p1 与它发送的所有目标之间都断开了：它的发送在 3 秒后超时失败，但数据库变更已经提交，于是这些订单的消息丢了。换成事务消息，半消息会一直留着，等待事务回查。"),
    ("ordering-concurrent-retry", "p1 的订单带有 10 个业务键（订单号）：同一个键总是进入同一个队列。billing 以并发方式消费，5% 的处理会失败（RECONSUME_LATER）：失败的消息进入重试队列，10 秒后再回来，这时同一键的后续消息已经处理过了。out_of_order 统计的就是这些消息。"),
    ("ordering-orderly", "与 ordering-concurrent-retry 相同的订单和失败，但 billing 改用顺序监听器：每个成员在 broker 上锁定自己的队列，一次只消费一条消息；失败时把队列暂停 1 秒，然后先重试同一条消息。out_of_order = 0；失败只会让队列变慢。"),
    ("ordering-rebalance", "billing/c2 在 10 秒宕机。它的队列转给 billing/c1，c1 从 c2 最后提交的位点（最多是 5 秒前的）开始消费，把这些消息再处理一遍，而 c2 早已处理过同一键的后续消息：这就是 out_of_order_replays（以及重复副作用）。每个消费者只有一个线程，每个队列仍按位点顺序消费，所以没有哪个首次副作用是乱序的（换成 RocketMQ 的 20 个消费线程，连这一点也保不住）。"),
    ("ordering-rebalance-orderly", "与 ordering-rebalance 相同的宕机，换成顺序监听器。billing/c2 在 broker 上的队列锁比它多活 60 秒：锁过期之前 billing/c1 一直被拒绝，这些队列因此停顿，之后 c1 从 c2 最后提交的位点接手。锁能阻止两个成员同时消费一个队列，却挡不住宕机后的重放：out_of_order = 0，但 out_of_order_replays > 0。"),
    ("redis-queue-brpop-consumer-crash", "生产者用 LPUSH 把消息推入 Redis 列表 orders；billing 的消费者用 BRPOP 取消息，BRPOP 交出每条消息的同时就把它从 Redis 删除。billing/c1 在 10 秒宕机时正处理到一半：那条消息再也没人能拿到。与 RocketMQ 的自动 ack 不同，一个消费者手里只有正在处理的那一条，所以丢的恰好就是这一条。"),
    ("redis-queue-reliable-consumer-crash", "与 BRPOP 那次运行相同的负载和宕机，但每个消费者把取到的消息移入自己的处理中列表（BRPOPLPUSH），处理完才删除（LREM，即 ack）。billing/c1 在 10 秒宕机时手里有一条消息，它留在 billing/c1 的处理中列表里。消费者每 30 秒运行一次恢复任务：billing/c1 的连接已经断开，于是它的消息被推回列表，由 billing/c2 处理。没有消息丢失；这条消息被投递了两次。"),
    ("redis-queue-delayed", "每个订单要在下单 5 秒后处理。生产者用 ZADD 把它写入 orders:delayed，以到期时间作为分数。每个消费者每 5 秒运行一次搬运任务：用 ZRANGEBYSCORE 取出到当前时间为止的消息，再对每条到期的消息执行 ZREM 和 LPUSH，把它移到列表，全部在一个 Lua 脚本中完成。没有消息会在到期前到达消费者，但刚在一次轮询之后到期的消息要等下一次轮询：延迟是 5 秒再加最多一个轮询周期。"),
    ("redis-queue-server-crash", "与异步复制那次运行相同的负载，跑在一台 Redis 服务器上，使用生产环境常用的设置 appendfsync everysec：每次写入立即追加到 AOF 文件，每秒 fsync 一次。机器在 10 秒宕机，15 秒恢复。宕机前最后一秒的写入没能落盘：这段时间 LPUSH 的消息丢了，尽管生产者已经收到 OK；这段时间被取走的消息重启后又回来，被处理了第二次。Redis 宕机期间，生产者的发送都会失败。如果用 Redis 的默认方式 RDB 快照，整个列表都会丢失：第一分钟内不会触发任何快照。"),
    ("rabbitmq-broker-crash", "与 RocketMQ master 宕机那次相同的负载和宕机（第一台服务器在 10 秒宕机），这里换成一个 RabbitMQ 节点，15 秒重启。队列是持久化队列，消息也是持久化消息，但发布确认是关闭的（默认就是关闭）：发布者永远不知道哪些消息送到了。正在发往节点的消息，以及上次 fsync 之后写入的消息，都没了：检查器把它们计为“未确认即消失”而不是“丢失”，因为本来就没有做出任何承诺。打开发布确认，就能看到它们被重新发布。宕机前刚被消费者 ack 的少数消息，由于删除还没同步到磁盘，会从磁盘上回来，被处理两次。"),
    ("rabbitmq-durable-confirmed-restart", "与非持久化那次运行相同的负载和宕机，但消息是持久化的（deliveryMode=2），队列也是持久化队列。RabbitMQ 要等写入持久化消息的那次 fsync（每 25 毫秒一次）完成后才确认它，所以节点在 10 秒宕机时，每条已确认的消息都在磁盘上；15 秒时节点把它们恢复出来。少数已写入但尚未同步的消息从未被确认：发布者重新连接后会重新发布它们。宕机前刚被消费者 ack、但删除还没写到磁盘的消息会回来，再被处理一次。"),
    ("rabbitmq-transient-restart", "与 RocketMQ master 宕机那次相同的负载。发布确认是打开的，但消息是非持久化的（deliveryMode=1）：消息一进入内存中的队列，RabbitMQ 就确认它。节点在 10 秒宕机，15 秒重启。持久化队列在启动时会重新声明，但只有持久化消息会从磁盘恢复，所以仍在队列中等待的每条已确认消息都没了。"),
    ("rabbitmq-auto-ack-consumer-crash", "与 RocketMQ master 宕机那次相同的负载，打开了发布确认，让检查器能统计 broker 承诺过的消息。消费者组用自动 ack（no_ack）消费：RabbitMQ 把消息写进消费者的 socket 的那一刻就忘了它，而且 prefetch 不起作用，所以不断增长的积压被对半推给了两个消费者。billing/c1 所在机器在 10 秒宕机，手里有几百条已投递但未处理的消息：这些消息从此谁手里都没有了。"),
    ("rabbitmq-manual-ack-consumer-crash", "与 RocketMQ master 宕机那次相同的负载。billing/c1 和 billing/c2 以手动 ack 消费队列 orders，prefetch 为 64。billing/c1 的进程在 10 秒崩溃：操作系统关闭了它的连接，RabbitMQ 立即察觉（若是整台机器宕机，要等到心跳超时才会发现），把它尚未 ack 的消息放回队列中原来的位置，标记为 redelivered=true；billing/c2 处理这些消息。没有消息丢失。c1 是在处理一条消息的中途宕机的，所以也没有消息被处理两次；如果它恰好在执行完副作用之后、ack 还在网络上时宕机，那条消息就会被处理两次。"),
    ("rabbitmq-poison-dead-letter", "与 RocketMQ master 宕机那次相同的负载。每 100 条消息中有一条总是失败。消费者以 requeue=false 对它 nack，队列又配置了死信交换机，所以 RabbitMQ 在第一次失败时就把它移到 orders.dlq：它被计入死信队列（DLQ），而不是丢失，队列也继续流动。如果用 requeue=true（AMQP 的默认值），毒消息会回到队列头部，被无限次重新投递，因为经典队列没有投递次数上限；如果 requeue=false 又没有死信交换机，它会被丢弃，就此丢失。"),
    ("raft-leader-killed", "三个副本共同保存一份复制日志。node1 是 leader；只有多数派（它自己加一个 follower）都存下消息后，它才回复 SEND_OK。它所在机器在 10 秒宕机。follower 收不到心跳，过了选举超时（6–7 秒，即 DLedger 中错过三次 2 秒一次的心跳）后，其中一个成为 candidate，赢得多数派的投票：新的 leader，新的任期。没有 leader 期间发送失败，之后发往新 leader。每条已确认的消息都在多数派上，所以新 leader 一定有它：已确认的消息一条不丢。node1 在 25 秒重启，作为较新任期的 follower 重新加入。若改为隔离 node1（在它的节点菜单里），消费者会停得更久：已经发给 node1 的拉取请求永远得不到回复，要等到 30 秒的拉取超时（RocketMQ 的 consumerTimeoutMillisWhenSuspend）才放弃它；集群视图会在消费者组下方说明这一点。可对比 async-replication-master-crash：同样的负载、同样的宕机，发生在 RocketMQ 上。"),
    ("raft-majority-lost", "node1 是三个副本的 leader。10 秒时两个 follower 都宕机。node1 仍把消息写入自己的日志，但没有多数派存下它们，所以一条也提交不了：2.5 秒后，每次发送得到的回复是 FLUSH_SLAVE_TIMEOUT 而不是 SEND_OK。在一个选举超时内联系不上多数派后，node1 退位；此后每次选举都因票数不足而失败，发送立即失败：队列不可用，但不丢消息。node2 在 25 秒回来：node1 和 node2 重新构成多数派并选出 leader，新 leader 提交 node1 保留下来的消息，所以连一些已经超时的发送也被投递了。已确认的消息一条不丢。可对比 raft-leader-killed（一个副本宕机：短暂的故障转移）和 async-replication-master-crash（RocketMQ 丢失已确认的消息）。"),
    ("kafka-acks1-leader-dies", "acks=1：leader 一追加完记录就应答，它的 follower 稍后通过拉取复制这条记录。follower 持续拉取，所以在健康的网络上，面临风险的只有一个往返时间内的数据。9 秒时，从 kafka1（orders-0 的 leader）到 kafka2 的链路故障：kafka2 仍在请求数据，却收不到回复。它仍留在 ISR 中，因为 follower 要 30 秒没追上才会被移出（replica.lag.time.max.ms），kafka1 也就继续确认写入。10 秒时 kafka1 所在机器宕机，就像 async-replication-master-crash 中的 master。在 kafka1 最后一次心跳的 18 秒后，控制器选出第一个存活的同步副本 kafka2 作为 leader，而 kafka2 从未收到 orders-0 最后一秒的数据；拥有这些数据的 kafka3 则截断自己的日志，与新 leader 保持一致。只有 kafka1 还保存着的那些已确认记录就此丢失。"),
    ("kafka-acks-all", "同样的网络故障、同样的 kafka1 宕机，但用 acks=all（以及 min.insync.replicas=2）：leader 要等每个同步副本都有了记录才应答，所以 kafka2 收不到数据时，orders-0 就停止确认，任何已确认的记录都不会只存在于 kafka1 上。没有消息丢失，就像 sync-double-write-master-crash。代价是可用性：写入要一直等到控制器判定 kafka1 已宕机，即它最后一次心跳的 18 秒后——orders-1 和 orders-2 也一样，因为已宕机的 kafka1 仍在它们的 ISR 中。之后幂等生产者的重试把等待中的记录送到新的 leader，每条只写入一次。"),
    ("kafka-unclean-election", "kafka2 和 kafka3 在 5 秒宕机。它们的会话在最后一次心跳的 18 秒后过期，控制器把它们从所有 ISR 中移除，kafka1 独自担任每个分区的 leader：在 min.insync.replicas=1 下，acks=all 现在只意味着 kafka1 一个，之前等待的记录于是得到确认。25 秒时 kafka1 也宕机；kafka2 和 kafka3 在 26 秒回来，但数据落后。kafka1 的会话过期时，没有一个同步副本还活着。这里打开了 unclean.leader.election.enable，所以控制器让不同步的 kafka2 和 kafka3 成为 leader：分区恢复可用，而它们从未复制到的每条记录都丢失了。kafka1 在 50 秒回来时，按新 leader 截断自己的日志，最后的副本也没了。如果用默认值（关闭），分区会一直离线到 kafka1 回来，已确认的记录一条都不会丢。"),
    ("kafka-idempotent-producer", "5 秒时，kafka1 对 p1 一次生产请求的应答丢失。p1 等待 request.timeout.ms（30 秒）后把同样的记录再发一次。kafka1 其实已经有了这些记录：生产者是幂等的（自 Kafka 3.0 起，acks=all 时默认如此），每条记录都带着 p1 的 ID 和一个序号，leader 认出这是重试，将其丢弃，而不是写入两次。billing 对每个订单只处理一次。关闭 enable_idempotence，重试就会被再写入一次：订单会被处理两次。"),
    ("kafka-consumer-crash-auto-commit", "billing 自动提交位点（enable.auto.commit，这里即 ack: auto）：每次 poll 时，只要距上次提交已过 5 秒，就提交之前各次 poll 读到的位置——也就是到那时已处理完的记录。billing/c1 在 12 秒宕机，正处理到一次 poll 拿到的记录中间。协调器要等它的会话过期才会发现，也就是它最后一次心跳的 45 秒后；随后消费者组发生重平衡，billing/c2 从上次提交的位点接手 c1 的分区。c1 自上次提交以来处理过的所有记录都会再被处理一次（重复），它还没处理的记录则投递给 c2：没有消息丢失。"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The words of English notes a translation must keep as they are: node, queue and preset
    /// names, settings, protocol words and anything with a digit in it.
    fn kept_words(notes: &str) -> BTreeSet<&str> {
        let word = |c: char| c.is_ascii_alphanumeric() || "_.=/%:-".contains(c);
        notes
            .split(|c: char| !word(c))
            .map(|w| w.trim_matches(|c: char| ".:-".contains(c)))
            .filter(|w| w.chars().any(|c| c.is_ascii_alphanumeric()))
            .filter(|w| !is_ordinal(w))
            .filter(|w| {
                w.chars().any(|c| c.is_ascii_digit() || "_=/%.:".contains(c))
                    || w.starts_with("broker-")
                    || (w.contains('-') && presets::find(w).is_some())
                    || (w.len() >= 3 && w.chars().all(|c| c.is_ascii_uppercase()))
            })
            .collect()
    }

    /// "50th": the number is kept, the suffix is English.
    fn is_ordinal(w: &str) -> bool {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && ["st", "nd", "rd", "th"].contains(&&w[digits.len()..])
    }

    /// Every number in the text, "2.5" as one.
    fn numbers(text: &str) -> BTreeSet<&str> {
        let mut found = BTreeSet::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
            found.insert(&text[start..i]);
        }
        found
    }

    fn is_cjk(c: char) -> bool {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
    }

    #[test]
    fn every_preset_has_chinese_notes_that_keep_its_numbers_and_names() {
        for p in presets::all() {
            let en = p.scenario().expect("a preset reads").notes;
            let zh = zh(p.id).unwrap_or_else(|| panic!("{}: no Chinese notes", p.id));
            assert!(zh.chars().any(is_cjk), "{}: the Chinese notes have no Chinese in them", p.id);
            for w in kept_words(&en) {
                assert!(zh.contains(w), "{}: the Chinese notes drop {w:?}", p.id);
            }
            let missing: Vec<_> = numbers(&en).difference(&numbers(zh)).copied().collect();
            assert!(missing.is_empty(), "{}: the Chinese notes drop the numbers {missing:?}", p.id);
        }
    }

    #[test]
    fn every_translation_belongs_to_one_preset() {
        let ids: Vec<&str> = NOTES_ZH.iter().map(|(id, _)| *id).collect();
        let presets: Vec<&str> = presets::all().iter().map(|p| p.id).collect();
        assert_eq!(ids, presets, "one translation per preset, in the presets' order");
    }

    #[test]
    fn the_check_keeps_names_settings_and_numbers() {
        let en = "At 5 s billing/c1's acks=all to broker-a (the 50th) see raft-leader-killed; SEND_OK, \
                  DB and ISR, min.insync.replicas=2 and 2.5 s.";
        let kept: Vec<&str> = kept_words(en).into_iter().collect();
        assert_eq!(
            kept,
            [
                "2.5",
                "5",
                "ISR",
                "SEND_OK",
                "acks=all",
                "billing/c1",
                "broker-a",
                "min.insync.replicas=2",
                "raft-leader-killed"
            ]
        );
        assert_eq!(numbers(en).into_iter().collect::<Vec<_>>(), ["1", "2", "2.5", "5", "50"], "c1 has a 1 too");
    }

    #[test]
    fn chinese_shows_a_presets_own_notes_translated_and_edited_notes_as_written() {
        let p = presets::find("async-replication-master-crash").expect("a preset");
        let mut s = p.scenario().expect("a preset reads");
        assert_eq!(shown_notes(&s, Lang::En), s.notes, "English is the file's");
        assert_eq!(Some(shown_notes(&s, Lang::Zh)), zh(p.id));
        s.seed += 1;
        assert_eq!(Some(shown_notes(&s, Lang::Zh)), zh(p.id), "changed settings, the same notes");
        s.notes.push_str(" Watch the slave.");
        assert_eq!(shown_notes(&s, Lang::Zh), s.notes, "edited notes are the learner's");
        assert_eq!(shown_notes(&s, Lang::En), s.notes);
        s.notes.clear();
        assert_eq!(shown_notes(&s, Lang::Zh), "");
    }
}
