//! The same card as HTML, for the gallery pages: one self-contained
//! `<article>` with inline styles, every piece of text escaped.

use super::render::CardContent;

pub(crate) fn escape(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&#39;".to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn pills(items: &[String], class: &str) -> String {
    items.iter().map(|i| format!(r#"<span class="{class}">{}</span>"#, escape(i))).collect::<Vec<_>>().join("")
}

/// The card as an HTML fragment; `photo_url` is shown when given.
pub fn card_html(card: &CardContent, photo_url: Option<&str>) -> String {
    let zh = card.chinese;
    let photo = match photo_url {
        Some(url) => format!(r#"<img class="ayi-photo" src="{}" alt="">"#, escape(url)),
        None => r#"<div class="ayi-photo ayi-placeholder" aria-hidden="true"></div>"#.to_string(),
    };
    let section = |title_zh: &str, title_en: &str, items: &[String], class: &str| {
        if items.is_empty() {
            String::new()
        } else {
            format!("<h3>{}</h3><p>{}</p>", if zh { title_zh } else { title_en }, pills(items, class))
        }
    };
    format!(
        r#"<article class="ayi-card" lang="{lang}">
{photo}
<h2>{name}</h2>
<p class="ayi-facts">{facts}</p>
<p>{services}</p>
{skills}{certificates}
<p class="ayi-terms">{terms}</p>
<p class="ayi-summary">{summary}</p>
<a class="ayi-link" href="{url}">{more}</a>
</article>"#,
        lang = if zh { "zh-CN" } else { "en" },
        name = escape(&card.name),
        facts = escape(&card.facts_line),
        services = pills(&card.services, "ayi-tag"),
        skills = section("技能", "Skills", &card.skills, "ayi-pill"),
        certificates = section("证书", "Certificates", &card.certificates, "ayi-badge"),
        terms = card.terms.iter().map(|t| escape(t)).collect::<Vec<_>>().join("<br>"),
        summary = escape(&card.summary),
        url = escape(&card.qr_url),
        more = if zh { "查看完整简历" } else { "Full profile" },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::redact::public_profile;
    use crate::extract::Extractor;

    #[test]
    fn html_card_escapes_text_and_keeps_the_public_view() {
        let e = Extractor::embedded();
        let p = e.extract("我叫王秀兰 照顾老人八年了 有健康证 电话13812345678").profile;
        let public = public_profile(&p, true);
        let card = CardContent::from_profile(&public, &e.taxonomy, true, "http://x/p/1?a=1&b=<2>".into(), None);
        let html = card_html(&card, None);
        assert!(html.contains("王阿姨") && html.contains(&e.taxonomy.label("health_certificate", true)));
        assert!(!html.contains("王秀兰") && !html.contains("13812345678"));
        assert!(html.contains("a=1&amp;b=&lt;2&gt;") && !html.contains("<2>"));
    }
}
