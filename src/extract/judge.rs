//! The language model as a judge of proposed facts: "does the worker say she
//! does X?", answered yes or no from the next-token probabilities, never
//! from generated text, so it can only keep or drop a proposal whose
//! evidence is already a verbatim clause.
//!
//! It judges what the embedding layer ([`super::similar`]) proposes at a
//! looser threshold, to see whether a model can keep the recall and drop the
//! false proposals. `ayi eval extract --layer gemma|qwen` measures it.

use super::taxonomy::Code;
use crate::lm::{LanguageModel, LmError};

pub struct Judge {
    pub lm: LanguageModel,
    /// How much likelier "yes" must be than "no" (in log-probability) to keep a fact.
    pub margin: f32,
}

/// A prompt for a chat model (Qwen: ChatML) or a few-shot one for a base
/// model (Gemma), asking whether `clause` claims `code`.
fn prompt(clause: &str, code: &Code, chat: bool, chinese: bool) -> (String, [&'static str; 2]) {
    let label = if chinese { &code.zh } else { &code.en };
    let description = if chinese { &code.description_zh } else { &code.description_en };
    if chat {
        let question = if chinese {
            format!(
                "求职的家政阿姨在面试中说：“{clause}”\n她是不是在说自己会做或做过这项工作：{label}（{description}）？只回答“是”或“否”。"
            )
        } else {
            format!(
                "A domestic worker said in her job interview: \"{clause}\"\nIs she saying that she herself does or did this: {label} ({description})? Answer only Yes or No."
            )
        };
        let candidates = if chinese { ["是", "否"] } else { ["Yes", "No"] };
        (format!("<|im_start|>user\n{question}<|im_end|>\n<|im_start|>assistant\n"), candidates)
    } else if chinese {
        (
            format!(
                "阿姨说：“我会做饭 家常菜都会”\n她会做饭吗？是\n\n阿姨说：“我女儿是护士”\n她有护士证吗？否\n\n阿姨说：“带孩子我不行”\n她会带孩子吗？否\n\n阿姨说：“{clause}”\n她会{label}吗？"
            ),
            ["是", "否"],
        )
    } else {
        (
            format!(
                "She said: \"I can cook home style dishes\"\nDoes she do cooking? Yes\n\nShe said: \"my sister is a nurse\"\nDoes she have a nurse license? No\n\nShe said: \"babies, not really\"\nDoes she do infant care? No\n\nShe said: \"{clause}\"\nDoes she do {label}?"
            ),
            [" Yes", " No"],
        )
    }
}

impl Judge {
    /// log P(yes) − log P(no) for `clause` claiming `code`.
    pub fn score(&mut self, clause: &str, code: &Code) -> Result<f32, LmError> {
        let chinese = super::SummaryLanguage::of(clause) == super::SummaryLanguage::Zh;
        let chat = self.lm.bos.is_none();
        let (text, answers) = prompt(clause, code, chat, chinese);
        let logp = self.lm.next_token_logprobs(&text, &answers)?;
        Ok(logp[0] - logp[1])
    }
}
