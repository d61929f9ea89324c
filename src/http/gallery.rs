//! The families' side: published cards, redacted, with filters; no login.
//!
//! Everything here goes through [`public_profile`] first, so no phone, ID
//! number or full name can reach a public page or card, whatever was said.

use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::error::{ApiError, ErrorBody};
use super::files::card_response;
use super::AppState;
use crate::card::redact::public_profile;
use crate::card::render::CardContent;
use crate::extract::{Profile, SummaryLanguage, Taxonomy};
use crate::index::query;
use crate::interviews::StoredInterview;

#[derive(Debug, Serialize, ToSchema)]
pub struct Labelled {
    pub code: String,
    pub label: String,
}

/// A published card as families see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicCard {
    pub profile_id: String,
    pub name: Option<String>,
    pub age: Option<u32>,
    pub hometown: Option<String>,
    pub years_experience: Option<f64>,
    pub services: Vec<Labelled>,
    pub skills: Vec<Labelled>,
    pub certificates: Vec<Labelled>,
    pub live_in: Option<bool>,
    pub expected_salary_cny_month: Option<u32>,
    pub work_area: Option<String>,
    pub summary: String,
    pub card_url: String,
    pub page_url: String,
    /// The card page's whole address, as its QR code gives it (`--public-url`);
    /// null when there is none a phone could open.
    pub share_url: Option<String>,
}

pub(super) fn public_card(
    interview: &StoredInterview,
    profile: &Profile,
    chinese_labels: bool,
    share_url: Option<String>,
) -> PublicCard {
    let row = &interview.row;
    let p = public_profile(profile, interview.chinese());
    // In the page's language, as the labels are: a Chinese page shows no
    // English summary of an English-speaking worker.
    let language = if chinese_labels { SummaryLanguage::Zh } else { SummaryLanguage::En };
    let summary = crate::extract::summary::compose(Taxonomy::embedded(), &p, language);
    let taxonomy = Taxonomy::embedded();
    let labelled = |facts: &[crate::extract::Fact]| {
        facts
            .iter()
            .map(|f| Labelled { code: f.code.clone(), label: taxonomy.label(&f.code, chinese_labels) })
            .collect()
    };
    PublicCard {
        profile_id: row.public_id.clone(),
        services: labelled(&p.services),
        skills: labelled(&p.skills),
        certificates: labelled(&p.certificates),
        name: p.name,
        age: p.age,
        hometown: p.hometown,
        years_experience: p.years_experience,
        live_in: p.live_in,
        expected_salary_cny_month: p.expected_salary_cny_month,
        work_area: p.work_area,
        summary,
        card_url: format!("/cards/{}.png", row.public_id),
        page_url: format!("/cards/{}", row.public_id),
        share_url,
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct GalleryFilters {
    /// A service, skill or certificate code.
    pub code: Option<String>,
    pub live_in: Option<bool>,
    /// Only workers expecting at most this (or not saying).
    pub max_pay: Option<u32>,
    /// The work area, in either script: "浦东", "浦东新区" and "Pudong" find
    /// the same workers; another place matches as part of what was said.
    pub area: Option<String>,
    /// Labels in `zh` (default) or `en`.
    pub lang: Option<String>,
}

impl GalleryFilters {
    fn keeps(&self, p: &Profile) -> bool {
        self.code.as_deref().is_none_or(|c| p.codes().any(|x| x == c))
            && self.live_in.is_none_or(|want| p.live_in == Some(want))
            && self.max_pay.is_none_or(|max| p.expected_salary_cny_month.is_none_or(|pay| pay <= max))
            && self
                .area
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .is_none_or(|a| p.work_area.as_deref().is_some_and(|said| same_area(a, said)))
    }
}

/// Whether the area a family typed names the area a worker said: known
/// districts by district, whatever the script ("浦东" = "Pudong"), other
/// places as a part of it, ignoring case and the 区/district suffix.
fn same_area(wanted: &str, said: &str) -> bool {
    let districts = query::district_mask(wanted);
    if districts != 0 {
        return query::district_mask(said) & districts != 0;
    }
    let wanted = query::canonical_area(wanted).unwrap_or_default();
    !wanted.is_empty() && said.to_lowercase().contains(&wanted)
}

/// The gallery: published cards as families see them.
#[derive(Debug, Serialize, ToSchema)]
pub struct Cards {
    pub cards: Vec<PublicCard>,
}

/// `GET /api/cards`: published cards, newest first, filtered.
#[utoipa::path(get, path = "/api/cards", tag = "gallery", params(GalleryFilters),
    responses((status = 200, body = Cards), (status = 400, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    filters: Result<Query<GalleryFilters>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Cards>, ApiError> {
    let Query(filters) = filters.map_err(|e| ApiError::invalid(e.body_text()))?;
    let chinese = filters.lang.as_deref() != Some("en");
    let mut cards = Vec::new();
    for interview in state.interviews.all_published().await? {
        let profile = interview.profile()?;
        if filters.keeps(&profile) {
            let share_url = state.public_url.card_page(&headers, &interview.row.public_id);
            cards.push(public_card(&interview, &profile, chinese, share_url));
        }
    }
    Ok(Json(Cards { cards }))
}

/// `GET /cards/{profile_id}.png` (the public card) and `GET /cards/{profile_id}`
/// (its page, where the QR code leads).
#[utoipa::path(get, path = "/cards/{file}", tag = "gallery",
    params(("file" = String, Path, description = "`{profile_id}.png` for the card, `{profile_id}` for its page")),
    responses((status = 200, content((Vec<u8> = "image/png"), (String = "text/html"))), (status = 404, body = ErrorBody)))]
pub async fn card(
    State(state): State<AppState>,
    Path(file): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(public_id) = file.strip_suffix(".png") {
        let interview = state.interviews.published(public_id, "the card").await?;
        return card_response(&state, &interview, true, &headers, "no-cache").await;
    }
    let interview = state.interviews.published(&file, "the card").await?;
    let chinese = interview.chinese();
    let p = public_profile(&interview.profile()?, chinese);
    let content = CardContent::from_profile(&p, Taxonomy::embedded(), chinese, "/gallery".into(), None);
    let title = p.name.clone().unwrap_or_default();
    let share_url = state.public_url.card_page(&headers, &interview.row.public_id);
    let row = &interview.row;
    // The video only with the worker's consent to show it here.
    let video = interview.video_is_public().then(|| super::pages::CardVideo {
        url: format!("/cards/{}/video", row.public_id),
        subtitles_url: format!("/cards/{}/video.vtt", row.public_id),
        language: interview.language().code(),
    });
    // The pages' own policy and headers: scripts only from this server, no
    // framing, no sniffing.
    let png_url = format!("/cards/{}.png", row.public_id);
    Ok(super::pages::card_page(&title, &png_url, share_url.as_deref(), &content, video.as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::header;

    #[test]
    fn filters_keep_only_matching_profiles() {
        let p = crate::extract::Extractor::embedded().extract("我会做饭，住家，月薪六千，想在朝阳区").profile;
        assert!(GalleryFilters::default().keeps(&p));
        assert!(GalleryFilters { code: Some("cooking".into()), ..Default::default() }.keeps(&p));
        assert!(!GalleryFilters { code: Some("infant_care".into()), ..Default::default() }.keeps(&p));
        assert!(!GalleryFilters { max_pay: Some(5000), ..Default::default() }.keeps(&p));
        assert!(GalleryFilters { area: Some("朝阳区".into()), live_in: Some(true), ..Default::default() }.keeps(&p));
        assert!(!GalleryFilters { live_in: Some(false), ..Default::default() }.keeps(&p));
    }

    #[test]
    fn the_area_filter_matches_a_district_in_either_script() {
        let said = |area: &str| Profile { work_area: Some(area.into()), ..Default::default() };
        let (zh, en, elsewhere) = (said("浦东新区"), said("Pudong"), said("Minhang district"));
        let filter = |a: &str| GalleryFilters { area: Some(a.into()), ..Default::default() };
        for typed in ["浦东", "浦东区", "浦东新区", "Pudong", "pudong district", " PUDONG "] {
            let f = filter(typed);
            assert!(f.keeps(&zh) && f.keeps(&en) && !f.keeps(&elsewhere), "{typed}");
        }
        // The extractor gives these areas as said, in each language.
        let extract = |t: &str| crate::extract::Extractor::embedded().extract(t).profile.work_area;
        assert_eq!(extract("我会做饭，想在浦东工作").as_deref(), Some("浦东"));
        assert_eq!(extract("I can cook. I want to work in Pudong.").as_deref(), Some("Pudong"));
        // A place that is not a known district matches as part of what was said.
        let town = said("Sanya Bay");
        assert!(filter("sanya").keeps(&town) && !filter("sanya").keeps(&zh) && !filter("Pudong").keeps(&town));
        assert!(filter("  ").keeps(&town) && !filter("浦东").keeps(&Profile::default()));
    }

    #[test]
    fn cards_and_card_pages_carry_the_security_headers() {
        let p = crate::extract::Extractor::embedded().extract("我叫王秀兰 会做饭").profile;
        let content = CardContent::from_profile(&p, Taxonomy::embedded(), true, "/gallery".into(), None);
        let page = super::super::pages::card_page("王", "/cards/x.png", None, &content, None);
        let file = super::super::files::file_response("image/png", "no-cache", b"\x89PNG".to_vec());
        for (response, policy) in [(&page, "script-src 'self'"), (&file, "default-src 'none'")] {
            let h = response.headers();
            let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
            assert!(csp.contains(policy) && csp.contains("frame-ancestors 'none'"), "{csp}");
            assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
            assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
        }
        assert_eq!(page.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
        assert_eq!(file.headers()[header::CONTENT_TYPE], "image/png");
    }
}
