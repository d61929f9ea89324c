//! The public view of a profile: what a family browsing cards may see.
//!
//! A public card carries the surname with 阿姨 (or, in English, the first
//! name only), and never a phone number, an ID number or anything that looks
//! like one: long digit runs are blanked in every piece of free text
//! (evidence, summary), because a worker may say their number in any answer.

use crate::extract::Profile;

/// Digit runs this long (phone, ID, bank numbers) are never shown publicly.
const MAX_PUBLIC_DIGITS: usize = 6;

/// A copy of `profile` fit for a public card.
pub fn public_profile(profile: &Profile, chinese: bool) -> Profile {
    let mut p = profile.clone();
    p.phone = None;
    p.name = profile.name.as_deref().map(|n| public_name(n, chinese));
    for fact in p.services.iter_mut().chain(p.skills.iter_mut()).chain(p.certificates.iter_mut()) {
        fact.evidence = blank_long_numbers(&fact.evidence);
    }
    p.summary = blank_long_numbers(&p.summary);
    p.hometown = p.hometown.as_deref().map(blank_long_numbers);
    p.work_area = p.work_area.as_deref().map(blank_long_numbers);
    if let Some(full) = &profile.name {
        // The summary was written with the full name.
        p.summary = p.summary.replace(full.as_str(), p.name.as_deref().unwrap_or(""));
    }
    p
}

/// "王秀兰" → "王阿姨"; "Maria Santos" → "Maria".
pub fn public_name(name: &str, chinese: bool) -> String {
    let name = name.trim();
    if name.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
        // Two-character surnames are rare; the first character is the surname.
        let surname: String = name.chars().take(1).collect();
        return if chinese { format!("{surname}阿姨") } else { format!("Ms {surname}") };
    }
    name.split_whitespace().next().unwrap_or("").to_string()
}

fn is_digit_like(c: char) -> bool {
    c.is_ascii_digit() || "零〇一二三四五六七八九幺两".contains(c) || ('０'..='９').contains(&c) || c == 'X' || c == 'x'
}

/// Replaces every run of more than [`MAX_PUBLIC_DIGITS`] digits (spaces and
/// dashes inside allowed) with "***".
pub fn blank_long_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_digit_like(chars[i]) || chars[i] == 'X' || chars[i] == 'x' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let mut j = i;
        let mut digits = 0;
        while j < chars.len()
            && (is_digit_like(chars[j])
                || (matches!(chars[j], ' ' | '-') && chars.get(j + 1).is_some_and(|&c| is_digit_like(c))))
        {
            digits += is_digit_like(chars[j]) as usize;
            j += 1;
        }
        if digits > MAX_PUBLIC_DIGITS {
            out.push_str("***");
        } else {
            out.extend(&chars[i..j]);
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extractor;

    #[test]
    fn public_names() {
        assert_eq!(public_name("王秀兰", true), "王阿姨");
        assert_eq!(public_name("李", true), "李阿姨");
        assert_eq!(public_name("Maria Santos", false), "Maria");
    }

    #[test]
    fn phone_and_id_numbers_never_reach_a_public_profile() {
        let transcript = "我叫王秀兰 身份证号四一零一二三一九七六零一零一二三四五 电话138 1234 5678 \
                          做保姆十年了 搞卫生 做饭 健康证有 电话是13812345678做饭很好吃";
        let private = Extractor::embedded().extract(transcript).profile;
        assert_eq!(private.phone.as_deref(), Some("13812345678"));
        let public = public_profile(&private, true);
        let shown = serde_json::to_string(&public).unwrap();
        for secret in ["13812345678", "138 1234 5678", "四一零一二三一九七六", "王秀兰"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert_eq!(public.name.as_deref(), Some("王阿姨"));
        assert!(public.phone.is_none());
        // Ordinary numbers stay: ages, years, pay.
        assert_eq!(blank_long_numbers("做了十年 工资7000 今年48岁"), "做了十年 工资7000 今年48岁");
        assert_eq!(blank_long_numbers("ID 11010519820315432X ok"), "ID *** ok");
    }
}
