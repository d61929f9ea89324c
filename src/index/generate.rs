//! Seeded synthetic workers for scale tests: what they say, in Chinese or
//! English, drawn from realistic mixes of services, skills, certificates,
//! dialects, pay and districts. The output is transcripts, not profiles, so
//! every generated profile goes through the real extractor, as a real one
//! would.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Generated {
    pub id: String,
    pub lang: &'static str,
    pub transcript: String,
}

/// SplitMix64: tiny, seeded, and the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// Standard normal (Box–Muller).
    pub fn normal(&mut self) -> f32 {
        let u1 = ((self.next_u64() >> 11) as f64 + 1.0) / ((1u64 << 53) as f64 + 1.0);
        let u2 = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()) as f32
    }
}

/// One kind of work: how it is said, its skills, certificates and pay.
pub struct Trade {
    pub zh: &'static str,
    pub en: &'static str,
    /// Share of workers, in percent.
    pub share: usize,
    pub skills_zh: &'static [&'static str],
    pub skills_en: &'static [&'static str],
    pub certificates_zh: &'static [&'static str],
    pub certificates_en: &'static [&'static str],
    /// Pay range, yuan a month.
    pub pay: (u32, u32),
}

pub const TRADES: &[Trade] = &[
    Trade {
        zh: "照顾老人",
        en: "an elderly carer",
        share: 30,
        skills_zh: &[
            "帮老人洗澡",
            "翻身拍背",
            "喂饭",
            "鼻饲",
            "量血压",
            "照顾老年痴呆的老人",
            "做康复训练",
            "陪老人聊天散步",
            "提醒老人吃药",
            "做软烂的老人饭",
            "推轮椅",
        ],
        skills_en: &[
            "help with bathing",
            "turn and reposition bedridden people",
            "care for people with dementia",
            "do rehabilitation exercises",
            "give medication reminders",
            "take blood pressure",
        ],
        certificates_zh: &["养老护理员证", "健康证", "急救证"],
        certificates_en: &["an elderly carer certificate", "a health certificate", "a first aid certificate"],
        pay: (5000, 10000),
    },
    Trade {
        zh: "家政保洁",
        en: "a housekeeper",
        share: 20,
        skills_zh: &["打扫卫生", "擦玻璃", "洗衣服熨衣服", "收纳整理", "做家常菜"],
        skills_en: &["clean", "do laundry and ironing", "organize closets", "clean windows", "cook home-style meals"],
        certificates_zh: &["健康证", "家政服务员证"],
        certificates_en: &["a health certificate", "a housekeeping certificate"],
        pay: (4000, 8000),
    },
    Trade {
        zh: "育儿嫂",
        en: "a nanny for babies",
        share: 12,
        skills_zh: &["冲奶粉", "换尿布", "哄睡", "做辅食", "给宝宝做抚触", "做早教"],
        skills_en: &[
            "prepare bottles",
            "change diapers",
            "settle babies to sleep",
            "make baby food",
            "do early education",
        ],
        certificates_zh: &["育婴师证", "健康证", "急救证"],
        certificates_en: &["a childcare certificate", "a health certificate", "a first aid certificate"],
        pay: (6000, 12000),
    },
    Trade {
        zh: "月嫂",
        en: "a maternity nurse",
        share: 10,
        skills_zh: &["做月子餐", "催乳", "给新生儿洗澡", "脐带护理", "产后恢复"],
        skills_en: &["cook confinement meals", "help with breastfeeding", "bathe newborns", "do umbilical cord care"],
        certificates_zh: &["母婴护理证", "催乳师证", "健康证"],
        certificates_en: &["a maternity nurse certificate", "a health certificate"],
        pay: (9000, 18000),
    },
    Trade {
        zh: "做饭阿姨",
        en: "a family cook",
        share: 8,
        skills_zh: &["做家常菜", "做川菜", "做粤菜", "包饺子蒸包子", "做西餐", "烤面包"],
        skills_en: &["cook Sichuan food", "cook Cantonese food", "make dumplings", "cook Western food", "bake bread"],
        certificates_zh: &["健康证", "营养师证"],
        certificates_en: &["a health certificate", "a dietitian certificate"],
        pay: (5000, 9000),
    },
    Trade {
        zh: "带孩子",
        en: "a child minder",
        share: 8,
        skills_zh: &["接送孩子上下学", "辅导作业", "做饭", "开车"],
        skills_en: &["do school pick-up", "help with homework", "drive"],
        certificates_zh: &["健康证", "驾照"],
        certificates_en: &["a health certificate", "a driver's license"],
        pay: (5000, 10000),
    },
    Trade {
        zh: "医院护工",
        en: "a patient carer",
        share: 7,
        skills_zh: &["鼻饲", "翻身拍背", "量血压测血糖", "预防褥疮", "帮病人擦身"],
        skills_en: &["do tube feeding", "check vital signs", "prevent pressure sores"],
        certificates_zh: &["护士证", "养老护理员证", "健康证"],
        certificates_en: &["a nurse license", "a health certificate"],
        pay: (6000, 11000),
    },
    Trade {
        zh: "钟点工",
        en: "an hourly cleaner",
        share: 3,
        skills_zh: &["打扫卫生", "擦玻璃", "收纳整理"],
        skills_en: &["clean", "clean windows"],
        certificates_zh: &["健康证"],
        certificates_en: &["a health certificate"],
        pay: (3000, 6000),
    },
    Trade {
        zh: "照顾宠物",
        en: "a pet carer",
        share: 2,
        skills_zh: &["遛狗", "给狗洗澡美容"],
        skills_en: &["walk dogs", "groom pets"],
        certificates_zh: &["健康证"],
        certificates_en: &["a health certificate"],
        pay: (4000, 7000),
    },
];

pub const DISTRICTS_ZH: &[&str] =
    &["朝阳", "海淀", "东城", "西城", "丰台", "通州", "昌平", "大兴", "顺义", "石景山", "浦东", "徐汇", "静安", "闵行"];
pub const DISTRICTS_EN: &[&str] = &[
    "Chaoyang",
    "Haidian",
    "Dongcheng",
    "Xicheng",
    "Fengtai",
    "Tongzhou",
    "Changping",
    "Daxing",
    "Shunyi",
    "Shijingshan",
    "Pudong",
    "Xuhui",
    "Jing'an",
    "Minhang",
];
const DIALECTS_ZH: &[&str] = &["会说粤语", "会讲四川话", "会说上海话", "会说一点英语", "会说东北话", "会讲湖南话"];
const DIALECTS_EN: &[&str] = &["I speak Cantonese", "I speak some English", "I speak Shanghainese"];
const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马",
    "罗",
];
const GIVEN: &[&str] = &[
    "秀兰", "桂芳", "玉梅", "丽华", "春梅", "淑珍", "美玲", "红霞", "翠花", "建华", "海燕", "秀英", "凤英", "小红",
    "金凤", "慧敏", "爱华", "晓燕",
];
const EN_NAMES: &[&str] =
    &["Maria", "Grace", "Joy", "Anna", "Linda", "Rosa", "Emily", "Susan", "Helen", "Mary", "Lily", "Nora"];
const PROVINCES_ZH: &[&str] =
    &["河南", "四川", "安徽", "湖南", "江西", "山东", "河北", "甘肃", "湖北", "黑龙江", "重庆", "广西", "陕西", "江苏"];
const PROVINCES_EN: &[&str] =
    &["the Philippines", "Henan", "Sichuan", "Anhui", "Hunan", "Indonesia", "Jiangxi", "Shandong"];

/// 0..=99 in Chinese (四十八, 十二).
pub fn chinese_small(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        _ if n.is_multiple_of(10) => format!("{}十", D[(n / 10) as usize]),
        _ => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
    }
}

/// Monthly pay as spoken: 七千, 七千五, 一万二, 一万.
pub fn chinese_pay(yuan: u32) -> String {
    const D: [&str; 10] = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九"];
    if yuan >= 10_000 {
        let (w, rest) = (yuan / 10_000, (yuan % 10_000) / 1000);
        let head = if w == 1 { "一万".to_string() } else { format!("{}万", D[w as usize]) };
        if rest == 0 {
            head
        } else {
            format!("{head}{}", ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"][rest as usize])
        }
    } else {
        let (q, rest) = (yuan / 1000, (yuan % 1000) / 100);
        if rest == 0 {
            format!("{}千", D[q as usize])
        } else {
            format!("{}千{}", D[q as usize], ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"][rest as usize])
        }
    }
}

/// Monthly pay as Whisper writes English figures: 8,500, 12,000.
pub fn english_pay(yuan: u32) -> String {
    match yuan {
        0..1000 => yuan.to_string(),
        _ => format!("{},{:03}", yuan / 1000, yuan % 1000),
    }
}

fn trade(rng: &mut Rng) -> &'static Trade {
    let total: usize = TRADES.iter().map(|t| t.share).sum();
    let mut roll = rng.below(total);
    for t in TRADES {
        if roll < t.share {
            return t;
        }
        roll -= t.share;
    }
    &TRADES[0]
}

fn some<'a>(rng: &mut Rng, items: &'a [&'a str], max: usize) -> Vec<&'a str> {
    let n = 1 + rng.below(max.min(items.len()));
    let mut chosen: Vec<&str> = Vec::new();
    while chosen.len() < n {
        let item = *rng.pick(items);
        if !chosen.contains(&item) {
            chosen.push(item);
        }
    }
    chosen
}

/// `count` workers from `seed`; ids are `g{seed}-{n}`.
pub fn generate(count: usize, seed: u64) -> Vec<Generated> {
    let mut rng = Rng::new(seed);
    (0..count).map(|i| one(&mut rng, format!("g{seed}-{i}"))).collect()
}

fn one(rng: &mut Rng, id: String) -> Generated {
    let t = trade(rng);
    let english = rng.chance(0.15);
    let age = 28 + rng.below(30) as u32;
    let years = 1 + rng.below(18) as u32;
    let pay = (t.pay.0 + 500 * rng.below(((t.pay.1 - t.pay.0) / 500 + 1) as usize) as u32).max(3000);
    let live_in = match rng.below(10) {
        0..=4 => Some(true),
        5..=7 => Some(false),
        _ => None,
    };
    let district = rng.below(DISTRICTS_ZH.len());
    let mut parts: Vec<String> = Vec::new();
    if english {
        parts.push(format!("My name is {}, I am {age}, from {}.", rng.pick(EN_NAMES), rng.pick(PROVINCES_EN)));
        parts.push(format!("I have worked as {} for {years} years.", t.en));
        parts.push(format!("I can {}.", some(rng, t.skills_en, 3).join(" and ")));
        if rng.chance(0.6) {
            parts.push(format!("I have {}.", some(rng, t.certificates_en, 2).join(" and ")));
        }
        if rng.chance(0.3) {
            parts.push(format!("{}.", rng.pick(DIALECTS_EN)));
        }
        match live_in {
            Some(true) => parts.push("I can live in.".into()),
            Some(false) => parts.push("I prefer not to live in, I go home every night.".into()),
            None => {}
        }
        parts.push(format!("I hope for about {} yuan a month,", english_pay(pay)));
        if rng.chance(0.8) {
            parts.push(format!("working in {} district.", DISTRICTS_EN[district]));
        }
    } else {
        let name = format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN));
        let filler = *rng.pick(&["嗯", "那个", "你好", ""]);
        parts.push(format!("{filler} 我叫{name} 今年{}岁 {}人", chinese_small(age), rng.pick(PROVINCES_ZH)));
        parts.push(format!("{}这行干了{}年了", t.zh, chinese_small(years)));
        parts.push(format!("会{}", some(rng, t.skills_zh, 4).join(" 会")));
        if rng.chance(0.65) {
            parts.push(format!("有{}", some(rng, t.certificates_zh, 2).join("和")));
        }
        if rng.chance(0.3) {
            parts.push(rng.pick(DIALECTS_ZH).to_string());
        }
        match live_in {
            Some(true) => parts.push("可以住家".into()),
            Some(false) => parts.push("不住家 晚上要回家".into()),
            None => {}
        }
        parts.push(format!("工资{}左右", chinese_pay(pay)));
        if rng.chance(0.8) {
            parts.push(format!("想在{}区", DISTRICTS_ZH[district]));
        }
    }
    let transcript = parts.join(" ").trim().to_string();
    Generated { id, lang: if english { "en" } else { "zh" }, transcript }
}

/// Recruiter queries for the latency benchmark, drawn like the workers.
pub fn queries(count: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed.wrapping_add(1));
    (0..count)
        .map(|_| {
            let t = trade(&mut rng);
            let district = rng.below(DISTRICTS_ZH.len());
            let budget = t.pay.0 + 1000 * rng.below(((t.pay.1 - t.pay.0) / 1000 + 1) as usize) as u32;
            if rng.chance(0.2) {
                format!(
                    "looking for {} who can {}, live-in, under {budget}, {}",
                    t.en,
                    rng.pick(t.skills_en),
                    DISTRICTS_EN[district]
                )
            } else {
                format!(
                    "找{}的阿姨 会{} {}区 {}以内",
                    t.zh,
                    rng.pick(t.skills_zh),
                    DISTRICTS_ZH[district],
                    chinese_pay(budget)
                )
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extractor;

    #[test]
    fn spoken_numbers() {
        assert_eq!(chinese_small(48), "四十八");
        assert_eq!(chinese_small(12), "十二");
        assert_eq!(chinese_pay(7000), "七千");
        assert_eq!(chinese_pay(7500), "七千五");
        assert_eq!(chinese_pay(12000), "一万二");
        assert_eq!(chinese_pay(10000), "一万");
        assert_eq!(
            (english_pay(8500), english_pay(12000), english_pay(900)),
            ("8,500".into(), "12,000".into(), "900".into())
        );
    }

    #[test]
    fn generation_is_seeded_and_the_extractor_reads_what_it_says() {
        let a = generate(200, 3);
        assert_eq!(
            a.iter().map(|g| &g.transcript).collect::<Vec<_>>(),
            generate(200, 3).iter().map(|g| &g.transcript).collect::<Vec<_>>()
        );
        let e = Extractor::embedded();
        let mut with_services = 0;
        let mut with_pay = 0;
        for g in &a {
            let p = e.extract(&g.transcript).profile;
            with_services += usize::from(!p.services.is_empty());
            with_pay += usize::from(p.expected_salary_cny_month.is_some());
        }
        assert!(with_services >= 190, "{with_services}/200 profiles have a service");
        assert!(with_pay >= 180, "{with_pay}/200 profiles have pay");
    }
}
