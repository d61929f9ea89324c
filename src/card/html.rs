//! The same card as HTML, for the gallery pages: one self-contained
//! `<article>` (assets/templates/card_article.html), every piece of text
//! escaped by askama.

use askama::Template;

use super::render::CardContent;

/// The card's template; the card page includes the same one.
#[derive(Template)]
#[template(path = "card_article.html")]
pub struct CardArticle<'a> {
    pub card: &'a CardContent,
    pub photo_url: Option<&'a str>,
}

/// The card as an HTML fragment; `photo_url` is shown when given.
pub fn card_html(card: &CardContent, photo_url: Option<&str>) -> askama::Result<String> {
    CardArticle { card, photo_url }.render()
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
        let html = card_html(&card, None).unwrap();
        assert!(html.contains("王阿姨") && html.contains(&e.taxonomy.label("health_certificate", true)));
        assert!(!html.contains("王秀兰") && !html.contains("13812345678"));
        assert!(html.contains(r#"href="http://x/p/1?a=1&#38;b=&#60;2&#62;""#) && !html.contains("<2>"), "{html}");
        assert!(html.starts_with(r#"<article class="ayi-card" lang="zh-CN">"#) && html.ends_with("</article>"));
        assert!(html.contains(r#"<div class="ayi-photo ayi-placeholder" aria-hidden="true"></div>"#));
    }

    #[test]
    fn every_piece_of_the_card_is_escaped() {
        let e = Extractor::embedded();
        let p = e.extract("My name is Maria, I cook and clean, live-in, 6000 per month").profile;
        let mut card = CardContent::from_profile(&p, &e.taxonomy, false, "/p/1".into(), None);
        let hostile = r#"<script>alert("x")</script> & 'y'"#;
        card.name = hostile.into();
        card.facts_line = hostile.into();
        card.services = vec![hostile.into()];
        card.skills = vec![hostile.into()];
        card.certificates = vec![hostile.into()];
        card.terms = vec![hostile.into(), "Live-in OK".into()];
        card.summary = hostile.into();
        let html = card_html(&card, Some(r#"/photo"onerror="x"#)).unwrap();
        assert!(!html.contains("<script") && !html.contains(r#""onerror"#), "{html}");
        let escaped = "&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;y&#39;";
        assert_eq!(html.matches(escaped).count(), 7, "{html}");
        assert!(html.contains(&format!(r#"<p class="ayi-terms">{escaped}<br>Live-in OK</p>"#)), "{html}");
        assert!(html.contains(r#"<img class="ayi-photo" src="/photo&#34;onerror=&#34;x" alt="">"#), "{html}");
        assert!(html.contains(r#"lang="en""#) && html.contains("<h3>Skills</h3>") && html.contains("Full profile"));
    }
}
