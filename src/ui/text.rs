//! Every sentence the shell shows, in English and Simplified Chinese, side by side so that a
//! missing translation is visible in review. Shared strings move to `src/i18n` once it exists.

use super::lang::Lang;

/// One user-facing text in both languages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Text {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Text {
    /// The text in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Zh => self.zh,
        }
    }
}

/// The product name is the same in both languages.
pub const TITLE: Text = Text { en: "mqlab", zh: "mqlab" };

pub const TAGLINE: Text = Text {
    en: "A message-queue cluster you break in your browser",
    zh: "在浏览器里动手弄坏的消息队列集群",
};

pub const DESCRIPTION: Text = Text {
    en: "mqlab is a deterministic simulation of a RocketMQ-style message-queue cluster: \
         NameServers, broker groups of one master and its slaves, producers and consumer groups. \
         You crash brokers, cut links and drop acknowledgements, then watch messages get \
         delayed, duplicated or lost, and see which setting would have saved them. The same seed \
         always replays the same run, here and in the terminal.",
    zh: "mqlab 是一个确定性的 RocketMQ 风格消息队列集群模拟：NameServer、由一个 master（主）和若干 slave（从）\
         组成的 broker 组、生产者和消费者组。你可以让 broker 宕机、切断链路、丢弃 ack，观察消息如何\
         被延迟、重复或丢失，并看到哪一项设置本可以避免这些问题。同一个种子总是重放出完全相同的运行过程，\
         在浏览器里和终端里都一样。",
};

pub const COMING: Text = Text {
    en: "The lab is coming: the cluster view, faults and lessons are being built.",
    zh: "实验室即将上线：集群视图、故障注入和课程正在建设中。",
};

pub const LANGUAGE: Text = Text { en: "Language", zh: "语言" };

/// Shown by the panic hook, when the page can no longer be trusted to know its language.
pub const CRASHED: Text = Text {
    en: "mqlab stopped because of an internal error. Reload the page to start again.",
    zh: "mqlab 因内部错误已停止运行。请刷新页面重新开始。",
};
