//! The virtual interviewer: which question comes next.
//!
//! The plan (prompts/interview.{zh,en}.json) is an ordered list of questions,
//! each saying which profile fields it fills. The next question is a pure
//! function of the answers so far and the profile they produced, so nothing
//! but the answers needs storing: a reload or a server restart asks exactly
//! what it would have asked. A question whose fields an earlier answer
//! already filled is skipped; one answered with silence is asked once more;
//! after the plan, fields still missing get one follow-up each, and for each
//! service the worker offers, one question about its skills. A cap keeps the
//! interview short.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::extract::{Profile, Taxonomy};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum InterviewLanguage {
    Zh,
    En,
}

impl InterviewLanguage {
    pub fn code(self) -> &'static str {
        match self {
            InterviewLanguage::Zh => "zh",
            InterviewLanguage::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code {
            "zh" => Some(InterviewLanguage::Zh),
            "en" => Some(InterviewLanguage::En),
            _ => None,
        }
    }

    pub fn chinese(self) -> bool {
        self == InterviewLanguage::Zh
    }
}

impl TryFrom<String> for InterviewLanguage {
    type Error = String;

    fn try_from(code: String) -> Result<InterviewLanguage, String> {
        InterviewLanguage::parse(&code).ok_or_else(|| format!("unknown interview language {code:?}"))
    }
}

/// Where an interview is: asking questions, under review, or on the
/// gallery and in search. Only a published interview is ever shown to
/// anyone but the worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Questions are being asked.
    Open,
    /// The worker said enough and is reviewing the card.
    Finished,
    Published,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Finished => "finished",
            Status::Published => "published",
        }
    }
}

impl TryFrom<String> for Status {
    type Error = String;

    fn try_from(status: String) -> Result<Status, String> {
        match status.as_str() {
            "open" => Ok(Status::Open),
            "finished" => Ok(Status::Finished),
            "published" => Ok(Status::Published),
            _ => Err(format!("unknown interview status {status:?}")),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
struct PlannedQuestion {
    id: String,
    fills: Vec<String>,
    text: String,
    #[serde(default)]
    follow_up: Option<String>,
}

/// A question plan, validated when loaded.
#[derive(Debug, Clone, Deserialize)]
pub struct QuestionPlan {
    language: InterviewLanguage,
    pub max_questions: usize,
    didnt_hear: String,
    /// Said before a follow-up when an answer was heard but did not give
    /// what its question asked ("我听到的是：“{heard}”。").
    heard_but_missing: String,
    service_skills_question: String,
    /// What the video self-introduction's answer is listed under.
    video_intro: String,
    questions: Vec<PlannedQuestion>,
    /// For each service, the skills that show what the worker does in it.
    service_skills: BTreeMap<String, Vec<String>>,
}

/// A question as the worker sees (and hears) it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Question {
    pub id: String,
    pub text: String,
}

/// The question id a video self-introduction's words are stored under. It
/// is no question the plan asks: the video is recorded at review, and its
/// answer neither counts towards nor moves on the interview's questions.
pub const VIDEO_QUESTION_ID: &str = "video";

/// What the plan needs to know about one stored answer.
#[derive(Debug, Clone)]
pub struct AnswerSummary {
    pub question_id: String,
    pub heard_something: bool,
    /// What was heard, to say it back when it did not answer the question.
    pub heard: String,
}

impl AnswerSummary {
    pub fn new(question_id: &str, transcript: &str) -> AnswerSummary {
        let heard = transcript.trim().to_string();
        AnswerSummary { question_id: question_id.to_string(), heard_something: !heard.is_empty(), heard }
    }
}

/// The longest stretch of an answer said back in a follow-up, in characters.
const HEARD_EXCERPT_CHARS: usize = 30;

/// The end of what was heard (where the answer to the question usually is),
/// shortened with an ellipsis.
fn excerpt(heard: &str) -> String {
    let chars: Vec<char> = heard.chars().collect();
    if chars.len() <= HEARD_EXCERPT_CHARS {
        return heard.to_string();
    }
    format!("…{}", chars[chars.len() - HEARD_EXCERPT_CHARS..].iter().collect::<String>().trim_start())
}

const FIELDS: &[&str] = &[
    "name",
    "age",
    "hometown",
    "services",
    "years_experience",
    "certificates",
    "live_in",
    "expected_salary_cny_month",
    "work_area",
    "phone",
];

fn filled(profile: &Profile, field: &str) -> bool {
    match field {
        "name" => profile.name.is_some(),
        "age" => profile.age.is_some(),
        "hometown" => profile.hometown.is_some(),
        "services" => !profile.services.is_empty(),
        "years_experience" => profile.years_experience.is_some(),
        "certificates" => !profile.certificates.is_empty(),
        "live_in" => profile.live_in.is_some(),
        "expected_salary_cny_month" => profile.expected_salary_cny_month.is_some(),
        "work_area" => profile.work_area.is_some(),
        "phone" => profile.phone.is_some(),
        _ => false,
    }
}

impl QuestionPlan {
    pub fn embedded(language: InterviewLanguage) -> &'static QuestionPlan {
        use std::sync::OnceLock;
        static ZH: OnceLock<QuestionPlan> = OnceLock::new();
        static EN: OnceLock<QuestionPlan> = OnceLock::new();
        let (cell, text) = match language {
            InterviewLanguage::Zh => (&ZH, include_str!("../prompts/interview.zh.json")),
            InterviewLanguage::En => (&EN, include_str!("../prompts/interview.en.json")),
        };
        cell.get_or_init(|| QuestionPlan::parse(text).expect("the embedded question plans are checked by tests"))
    }

    pub fn parse(json: &str) -> Result<QuestionPlan, String> {
        let plan: QuestionPlan = serde_json::from_str(json).map_err(|e| e.to_string())?;
        let taxonomy = Taxonomy::embedded();
        if plan.questions.is_empty() || plan.max_questions == 0 {
            return Err("a plan needs questions and a positive max_questions".into());
        }
        for q in &plan.questions {
            if q.text.trim().is_empty() || q.id.contains(':') || q.id.ends_with(".again") || q.id == VIDEO_QUESTION_ID {
                return Err(format!("question {:?}: empty text or a reserved id", q.id));
            }
            if let Some(field) = q.fills.iter().find(|f| !FIELDS.contains(&f.as_str())) {
                return Err(format!("question {:?} fills unknown field {field:?}", q.id));
            }
        }
        for (service, skills) in &plan.service_skills {
            for code in std::iter::once(service).chain(skills) {
                if taxonomy.get(code).is_none() {
                    return Err(format!("service_skills names unknown code {code:?}"));
                }
            }
        }
        if plan.video_intro.trim().is_empty() {
            return Err("video_intro needs words".into());
        }
        if !plan.heard_but_missing.contains("{heard}") {
            return Err("heard_but_missing needs {heard}".into());
        }
        if !plan.service_skills_question.contains("{service}") || !plan.service_skills_question.contains("{examples}") {
            return Err("service_skills_question needs {service} and {examples}".into());
        }
        Ok(plan)
    }

    /// The first question.
    pub fn first(&self) -> Question {
        self.next(&[], &Profile::default()).expect("a plan has questions")
    }

    /// The question to ask after `answers`, or `None` when the interview is done.
    ///
    /// A question counts as answered once any answer to it is stored: one
    /// that was heard, or one the worker chose to skip (stored empty). A
    /// recording in which nothing was heard is never stored, so a double
    /// tap or a cough cannot move the interview past a question.
    pub fn next(&self, answers: &[AnswerSummary], profile: &Profile) -> Option<Question> {
        let answers: Vec<&AnswerSummary> = answers.iter().filter(|a| a.question_id != VIDEO_QUESTION_ID).collect();
        if answers.len() >= self.max_questions {
            return None;
        }
        let answered = |id: &str| answers.iter().any(|a| a.question_id == id);
        // An answer that was heard but gave nothing its question asks for gets
        // its follow-up at once, saying back what was heard.
        if let Some(last) = answers.last() {
            let planned = self.questions.iter().find(|q| q.id == last.question_id);
            if let Some((q, follow_up)) = planned.and_then(|q| Some((q, q.follow_up.as_ref()?))) {
                let id = format!("{}.again", q.id);
                if last.heard_something && !answered(&id) && !q.fills.iter().any(|f| filled(profile, f)) {
                    let said = self.heard_but_missing.replace("{heard}", &excerpt(&last.heard));
                    return Some(Question { id, text: format!("{said}{follow_up}") });
                }
            }
        }
        let chinese = self.language.chinese();
        let taxonomy = Taxonomy::embedded();
        // 1. The plan, skipping what is known; skills after experience.
        for q in &self.questions {
            if !answered(&q.id) && !q.fills.iter().all(|f| filled(profile, f)) {
                return Some(Question { id: q.id.clone(), text: q.text.clone() });
            }
            if q.id == "experience" {
                if let Some(question) = self.skills_question(profile, &answered, taxonomy, chinese) {
                    return Some(question);
                }
            }
        }
        if let Some(question) = self.skills_question(profile, &answered, taxonomy, chinese) {
            return Some(question);
        }
        // 2. One follow-up for each field still missing.
        for q in &self.questions {
            let id = format!("{}.again", q.id);
            if let Some(follow_up) = &q.follow_up {
                if !answered(&id) && !q.fills.iter().all(|f| filled(profile, f)) {
                    return Some(Question { id, text: follow_up.clone() });
                }
            }
        }
        None
    }

    /// The question again, after an answer in which nothing was heard.
    pub fn repeat(&self, question: &Question) -> Question {
        Question { id: question.id.clone(), text: format!("{} {}", self.didnt_hear, question.text) }
    }

    /// How many questions are answered, and how many the interview will ask
    /// in all if every one still planned is answered without follow-ups:
    /// what the page's progress bar shows.
    pub fn progress(&self, answers: &[AnswerSummary], profile: &Profile) -> (usize, usize) {
        let mut planned: Vec<AnswerSummary> =
            answers.iter().filter(|a| a.question_id != VIDEO_QUESTION_ID).cloned().collect();
        let answered = planned.len();
        while let Some(q) = self.next(&planned, profile) {
            planned.push(AnswerSummary::new(&q.id, ""));
        }
        (answered, planned.len())
    }

    /// "照顾老人方面，您具体会做哪些？" for the first service the worker
    /// offers whose skills they have not named, and not yet asked.
    fn skills_question(
        &self,
        profile: &Profile,
        answered: &dyn Fn(&str) -> bool,
        taxonomy: &Taxonomy,
        chinese: bool,
    ) -> Option<Question> {
        profile.services.iter().take(3).find_map(|service| {
            let skills = self.service_skills.get(&service.code)?;
            let id = format!("skills:{}", service.code);
            if answered(&id) || profile.skills.iter().any(|s| skills.contains(&s.code)) {
                return None;
            }
            Some(Question { id, text: self.skills_text(&service.code, skills, taxonomy, chinese) })
        })
    }

    fn skills_text(&self, service: &str, skills: &[String], taxonomy: &Taxonomy, chinese: bool) -> String {
        let separator = if chinese { "、" } else { ", " };
        let examples: Vec<String> = skills.iter().take(3).map(|c| taxonomy.label(c, chinese)).collect();
        let mut service_label = taxonomy.label(service, chinese);
        if !chinese {
            service_label = service_label.to_lowercase();
        }
        self.service_skills_question
            .replace("{service}", &service_label)
            .replace("{examples}", &examples.join(separator))
    }

    /// The words of question `id` (for a repeat, or to show an answer's question).
    pub fn text_of(&self, id: &str, _profile: &Profile) -> Option<String> {
        if id == VIDEO_QUESTION_ID {
            return Some(self.video_intro.clone());
        }
        if let Some(service) = id.strip_prefix("skills:") {
            let skills = self.service_skills.get(service)?;
            return Some(self.skills_text(service, skills, Taxonomy::embedded(), self.language.chinese()));
        }
        let (base, again) = match id.strip_suffix(".again") {
            Some(base) => (base, true),
            None => (id, false),
        };
        let q = self.questions.iter().find(|q| q.id == base)?;
        if again {
            q.follow_up.clone()
        } else {
            Some(q.text.clone())
        }
    }

    /// Whether `id` is a question this plan can ask (re-recorded answers
    /// must keep their question).
    pub fn knows(&self, id: &str) -> bool {
        self.text_of(id, &Profile::default()).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::{Extractor, Fact};

    fn answer(id: &str, heard: bool) -> AnswerSummary {
        AnswerSummary::new(id, if heard { "嗯 这个" } else { "" })
    }

    #[test]
    fn an_answer_that_misses_its_question_is_said_back_with_the_follow_up() {
        let plan = QuestionPlan::embedded(InterviewLanguage::Zh);
        let extractor = Extractor::embedded();
        let heard = "一个钟头 哦不是 就是看活儿吧";
        let profile = extractor.extract(heard).profile;
        let pay = AnswerSummary::new("pay", heard);
        let next = plan.next(&[answer("intro", true), pay.clone()], &profile).unwrap();
        assert_eq!(next.id, "pay.again");
        assert!(next.text.contains(heard) && next.text.contains("每个月"), "{}", next.text);
        // Asked once: after the follow-up the plan moves on.
        let after = plan.next(&[answer("intro", true), pay, AnswerSummary::new("pay.again", heard)], &profile).unwrap();
        assert_ne!(after.id, "pay.again");
        assert!(!after.id.starts_with("pay"));
        // An answer that gave what was asked moves straight on.
        let paid = extractor.extract("一个月七千").profile;
        let next = plan.next(&[answer("intro", true), AnswerSummary::new("pay", "一个月七千")], &paid).unwrap();
        assert_ne!(next.id, "pay.again");
        // Long answers are said back by their end.
        let long = "嗯".repeat(40) + "看情况吧";
        assert!(excerpt(&long).starts_with('…') && excerpt(&long).ends_with("看情况吧"));
    }

    #[test]
    fn both_embedded_plans_parse_and_open_with_the_introduction() {
        for language in [InterviewLanguage::Zh, InterviewLanguage::En] {
            let plan = QuestionPlan::embedded(language);
            assert_eq!(plan.first().id, "intro");
        }
    }

    #[test]
    fn a_plan_naming_an_unknown_field_or_code_is_refused() {
        let base = include_str!("../prompts/interview.en.json");
        assert!(QuestionPlan::parse(&base.replacen("\"years_experience\"", "\"shoe_size\"", 1)).is_err());
        assert!(QuestionPlan::parse(&base.replace("\"dog_walking\"", "\"dog_juggling\"")).is_err());
        assert!(QuestionPlan::parse(base).is_ok());
    }

    #[test]
    fn questions_already_answered_in_passing_are_skipped() {
        let plan = QuestionPlan::embedded(InterviewLanguage::Zh);
        let said = "我叫王秀兰，今年四十八岁，四川人。我做饭打扫卫生都行，干了十年了，住家不住家都可以";
        let profile = Extractor::embedded().extract(said).profile;
        let next = plan.next(&[answer("intro", true)], &profile).unwrap();
        // Services and experience were said already: skills for the first service come next.
        assert!(next.id.starts_with("skills:"), "{next:?}");
        let asked: Vec<String> = {
            let mut answers = vec![answer("intro", true)];
            while let Some(q) = plan.next(&answers, &profile) {
                answers.push(answer(&q.id, true));
            }
            answers.into_iter().map(|a| a.question_id).collect()
        };
        assert!(!asked.contains(&"services".to_string()) && !asked.contains(&"experience".to_string()), "{asked:?}");
        assert!(asked.contains(&"pay".to_string()) && asked.contains(&"pay.again".to_string()), "{asked:?}");
    }

    #[test]
    fn only_a_stored_answer_moves_on_and_a_skip_is_one() {
        let plan = QuestionPlan::embedded(InterviewLanguage::En);
        let profile = Profile::default();
        let first = plan.first();
        // Nothing heard is not stored: the same question, said again.
        let again = plan.repeat(&first);
        assert_eq!(again.id, "intro");
        assert!(again.text.starts_with("Sorry") && again.text.ends_with(&first.text), "{}", again.text);
        // A skip (stored empty) answers the question without a follow-up.
        let next = plan.next(&[answer("intro", false)], &profile).unwrap();
        assert_eq!(next.id, "services");
        let after_skip = plan.next(&[answer("intro", true), answer("services", false)], &profile).unwrap();
        assert_eq!(after_skip.id, "experience");
    }

    #[test]
    fn progress_counts_what_is_answered_and_what_is_still_planned() {
        let plan = QuestionPlan::embedded(InterviewLanguage::Zh);
        let (done, total) = plan.progress(&[], &Profile::default());
        assert_eq!(done, 0);
        assert!((6..=plan.max_questions).contains(&total), "{total}");
        let said = "我叫王秀兰，今年四十八岁，四川人。我做饭打扫卫生都行，干了十年了";
        let profile = Extractor::embedded().extract(said).profile;
        let (done, fewer) = plan.progress(&[AnswerSummary::new("intro", said)], &profile);
        assert_eq!(done, 1);
        assert!(fewer < total + 1, "questions answered in passing leave the plan: {fewer} vs {total}");
    }

    #[test]
    fn skill_questions_read_naturally_for_every_service() {
        for language in [InterviewLanguage::Zh, InterviewLanguage::En] {
            let plan = QuestionPlan::embedded(language);
            for service in plan.service_skills.keys() {
                let text = plan.text_of(&format!("skills:{service}"), &Profile::default()).unwrap();
                assert!(
                    !text.contains("做做") && !text.contains("do cooking") && !text.contains("When you do"),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn the_interview_ends_at_the_cap_or_when_everything_is_known() {
        let plan = QuestionPlan::embedded(InterviewLanguage::Zh);
        let many: Vec<AnswerSummary> = (0..plan.max_questions).map(|i| answer(&format!("q{i}"), true)).collect();
        assert_eq!(plan.next(&many, &Profile::default()), None);

        let fact = |code: &str| Fact { code: code.into(), evidence: "x".into() };
        let full = Profile {
            name: Some("王".into()),
            age: Some(40),
            hometown: Some("四川".into()),
            years_experience: Some(3.0),
            live_in: Some(true),
            expected_salary_cny_month: Some(6000),
            work_area: Some("朝阳".into()),
            phone: Some("13800000000".into()),
            services: vec![fact("cooking")],
            skills: vec![fact("home_cooking")],
            certificates: vec![fact("health_certificate")],
            ..Profile::default()
        };
        assert_eq!(plan.next(&[answer("intro", true)], &full), None);
    }

    #[test]
    fn a_video_introduction_is_listed_by_name_and_asks_nothing_more() {
        for (language, name) in [(InterviewLanguage::Zh, "视频自我介绍"), (InterviewLanguage::En, "Video introduction")]
        {
            let plan = QuestionPlan::embedded(language);
            assert!(plan.knows(VIDEO_QUESTION_ID));
            assert_eq!(plan.text_of(VIDEO_QUESTION_ID, &Profile::default()).as_deref(), Some(name));
            // A video at any point (recorded at review, then more questions)
            // neither answers a question nor counts towards the cap.
            let profile = Profile::default();
            let video = AnswerSummary::new(VIDEO_QUESTION_ID, "hello, I am Li Fang");
            assert_eq!(plan.next(std::slice::from_ref(&video), &profile), Some(plan.first()));
            let intro = answer("intro", false);
            let after_intro = plan.next(std::slice::from_ref(&intro), &profile);
            assert_eq!(plan.next(&[intro.clone(), video.clone()], &profile), after_intro);
            assert_eq!(plan.next(&[video.clone(), intro.clone()], &profile), after_intro);
            let (done, total) = plan.progress(std::slice::from_ref(&intro), &profile);
            assert_eq!(plan.progress(&[intro, video.clone()], &profile), (done, total));
            let many: Vec<AnswerSummary> =
                (0..plan.max_questions - 1).map(|i| answer(&format!("q{i}"), true)).chain([video]).collect();
            assert!(plan.next(&many, &profile).is_some(), "the video is not a question towards the cap");
        }
        let base = include_str!("../prompts/interview.en.json");
        assert!(QuestionPlan::parse(&base.replacen("\"id\": \"intro\"", "\"id\": \"video\"", 1)).is_err());
    }

    #[test]
    fn every_question_id_the_plan_asks_can_be_looked_up_again() {
        let plan = QuestionPlan::embedded(InterviewLanguage::Zh);
        let profile = Extractor::embedded().extract("我会照顾老人，也会带孩子").profile;
        let mut answers = Vec::new();
        while let Some(q) = plan.next(&answers, &profile) {
            assert!(plan.knows(&q.id), "{}", q.id);
            answers.push(answer(&q.id, true));
        }
        assert!(answers.iter().any(|a| a.question_id == "skills:elderly_care"));
    }
}
