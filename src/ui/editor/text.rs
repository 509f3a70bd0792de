//! The editor's sentences, in English and Simplified Chinese side by side.

use crate::ui::text::text;
pub use crate::ui::text::Text;

text!(HEADING, "Edit the scenario", "编辑场景");
text!(
    INTRO,
    "Change any setting, then apply: the run starts over with the new scenario. Empty fields take the default shown.",
    "修改任意设置后点击应用：将用新场景重新开始运行。留空的字段使用所示的默认值。"
);
text!(PRESET, "Preset", "预设");
text!(PRESET_CUSTOM, "Custom scenario", "自定义场景");
text!(PRESET_HINT, "Choosing a preset starts it at once.", "选择预设会立即开始运行。");
text!(APPLY, "Apply and restart", "应用并重新开始");
text!(DISCARD, "Discard changes", "放弃修改");
text!(
    DRAFT_RESTORED,
    "Your unapplied changes from before the page was reloaded are back in the form.",
    "页面重新加载前未应用的修改已恢复到表单中。"
);
text!(DRAFT_DISCARD, "Discard them", "放弃这些修改");
text!(
    DRAFT_UNREADABLE,
    "Unapplied changes kept from before the page was reloaded could not be read and were ignored. The saved scenario is unchanged.",
    "页面重新加载前保留的未应用修改无法读取，已忽略。已保存的场景没有改变。"
);
text!(
    SHOWN_AS,
    "mqlab keeps this text in English in the scenario (it is data, shared in links and files); the page shows it as: ",
    "mqlab 在场景里用英文保存这段文字（它是数据，会随链接和文件分享）；页面上显示为："
);
text!(RESET_PRESET, "Reset to this preset", "恢复为此预设");
text!(IMPORT, "Import JSON…", "导入 JSON…");
text!(IMPORT_LABEL, "Import a scenario JSON file", "导入场景 JSON 文件");
text!(EXPORT, "Export JSON", "导出 JSON");
text!(IMPORT_FAILED, "The file was not imported; nothing changed:", "文件未导入，未做任何更改：");
text!(IMPORT_UNREADABLE, "The file could not be read.", "无法读取该文件。");
text!(ERRORS_TITLE, "The scenario was not applied. Fix these fields:", "场景未应用。请修正以下字段：");
text!(ERRORS_EXPORT, "The scenario was not exported. Fix these fields:", "场景未导出。请修正以下字段：");
text!(DEFAULT, "default", "默认");
text!(ANY, "(any)", "（任意）");
text!(ADD_PRODUCER, "Add producer", "添加生产者");
text!(ADD_GROUP, "Add consumer group", "添加消费者组");
text!(ADD_LINK, "Add link setting", "添加链路设置");
text!(ADD_FAULT, "Add fault", "添加故障");
text!(REMOVE, "Remove", "删除");
text!(PRODUCER, "Producer", "生产者");
text!(GROUP, "Consumer group", "消费者组");
text!(LINK, "Link", "链路");
text!(FAULT, "Fault", "故障");
// The schedule's actions the fault menu has no button for, or names for one link already chosen.
text!(ACTION_SLOW_CONSUMER, "Slow down a consumer", "让消费者变慢");
text!(ACTION_SLOW_DISK, "Slow down a disk", "让磁盘变慢");
text!(ACTION_CUT, "Cut a link", "断开链路");
text!(ACTION_HEAL_NODE, "Heal a node's network", "恢复节点的网络");
text!(ACTION_DROP_NEXT, "Drop the next messages", "丢弃接下来的消息");
text!(ACTION_DELAY_NEXT, "Delay the next messages", "延迟接下来的消息");
text!(RELIABLE, "Reliable producer (local message table and compensation job)", "可靠生产者（本地消息表加补偿任务）");
text!(BURST, "Bursts of peak traffic", "周期性流量高峰");
text!(NO_PRODUCERS, "No producers: nothing is sent.", "没有生产者：不会发送任何消息。");
text!(NO_GROUPS, "No consumer groups: nothing is consumed.", "没有消费者组：不会消费任何消息。");
text!(NO_LINKS, "Every link uses the settings above.", "所有链路都使用上面的设置。");
text!(
    NO_FAULTS,
    "No scheduled faults: break the cluster by hand in the lab, or add one here.",
    "没有计划的故障：可以在实验中手动制造故障，或在这里添加。"
);
text!(
    LINKS_HINT,
    "Per-link settings, one direction each; empty fields keep the network's.",
    "单条链路的设置，每条只管一个方向；留空则沿用网络设置。"
);
text!(
    FAULTS_HINT,
    "Commands applied at a given sim time, in order. Hover a field for what it means.",
    "在指定模拟时间依次执行的命令。鼠标悬停在字段上可查看说明。"
);
text!(SYSTEM_KIND, "kind", "kind");
text!(
    SYSTEM_EXPLAIN,
    "Which messaging system the cluster runs. RocketMQ's own settings are the Cluster, Replication and Broker storage sections; every other system has its settings here. The network and the faults mean the same in all of them; producers and consumer groups show only the settings the chosen system has, and switching leaves out the others.",
    "集群运行哪一种消息系统。RocketMQ 自己的设置在“集群”“主从复制”“Broker 存储”几节；其他系统的设置都在这里。网络和故障在各系统中含义相同；生产者和消费者组只显示所选系统具有的设置，切换系统时其余设置会被去掉。"
);
text!(SYSTEM_ROCKETMQ, "RocketMQ (NameServers, master/slave broker groups)", "RocketMQ（NameServer、主从 broker 组）");
text!(SYSTEM_KAFKA, "Kafka (partitions, ISR, controller)", "Kafka（分区、ISR、控制器）");
text!(SYSTEM_RABBITMQ, "RabbitMQ (queues, confirms, acks)", "RabbitMQ（队列、发布确认、ack）");
text!(SYSTEM_RAFT, "Raft-replicated queue (DLedger, quorum queue)", "Raft 复制队列（DLedger、仲裁队列）");
text!(SYSTEM_REDIS, "Redis lists (BRPOP, reliable queue, delayed queue)", "Redis 列表（BRPOP、可靠队列、延迟队列）");

/// The name of a system in the picker.
pub fn system_name(kind: &str) -> Text {
    match kind {
        "kafka" => SYSTEM_KAFKA,
        "rabbitmq" => SYSTEM_RABBITMQ,
        "raft" => SYSTEM_RAFT,
        "redis_queue" => SYSTEM_REDIS,
        _ => SYSTEM_ROCKETMQ,
    }
}

/// The `n`-th entry (from 1) of a list field, as an error names it.
pub fn entry(n: usize, lang: crate::i18n::Lang) -> String {
    lang.pick(format!("entry {n}"), format!("第 {n} 项"))
}
