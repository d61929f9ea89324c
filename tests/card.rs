//! Cards read back by OCR (tesseract, chi_sim): the text is really in the
//! picture, and the public card shows neither the phone nor the full name.

use std::process::Command;

use ayi::card::redact::public_profile;
use ayi::card::render::{render_card, CardContent};
use ayi::extract::Extractor;

fn ocr(img: &image::RgbaImage) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("card.png");
    img.save(&path).unwrap();
    let out = Command::new("tesseract")
        .args([path.to_str().unwrap(), "-", "-l", "chi_sim"])
        .output()
        .expect("tesseract is installed (scripts/setup.sh installs tesseract-ocr and tesseract-ocr-chi-sim)");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn ocr_reads_back_the_name_and_a_certificate_and_the_public_card_hides_the_phone() {
    let e = Extractor::embedded();
    let transcript = "我叫王秀兰 今年四十八岁 河南人 照顾老人八年了 会帮老人洗澡 有健康证 工资七千 电话13812345678 \
                      身份证号410123197601012345";
    let profile = e.extract(transcript).profile;
    let private =
        ocr(&render_card(&CardContent::from_profile(&profile, &e.taxonomy, true, "http://x/p/1".into(), None)));
    assert!(private.contains("王秀兰"), "{private}");
    assert!(private.contains("健康证"), "{private}");

    let public = public_profile(&profile, true);
    let text = ocr(&render_card(&CardContent::from_profile(&public, &e.taxonomy, true, "http://x/p/1".into(), None)));
    assert!(text.contains("王阿姨") && text.contains("健康证"), "{text}");
    for secret in ["王秀兰", "13812345678", "1381234", "410123", "19760101"] {
        assert!(!text.contains(secret), "{secret} on the public card: {text}");
    }
}

/// Golden images: the three layouts a user sees most (a full Chinese private
/// card, an English public card, a nearly empty card) must stay as they were
/// looked at and approved. A tolerance lets glyph rasterisation differ by a
/// shade across freetype-free platforms, but a moved block, a lost line or a
/// missing-glyph box changes far more pixels than it allows.
/// `AYI_UPDATE_GOLDEN=1` rewrites the images after an intended change.
#[test]
fn cards_match_their_golden_images_within_a_tolerance() {
    let e = Extractor::embedded();
    let cases = [
        (
            "card_zh_private",
            "我叫王秀兰 今年四十八岁 河南周口人 照顾老人八年了 会帮老人洗澡 翻身拍背 会做饭 有健康证和养老护理员证 \
             住家可以 工资七千左右 想在朝阳区 电话13812345678",
            false,
        ),
        (
            "card_en_public",
            "My name is Maria Santos, I am 41, from the Philippines. I have been a nanny for twelve years. \
             I can cook, clean, help with homework and I have a first aid certificate. I can live in. \
             Eight thousand a month. Phone 13912345678.",
            true,
        ),
        ("card_almost_empty", "嗯 我也不知道说啥", false),
    ];
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/golden");
    let update = std::env::var_os("AYI_UPDATE_GOLDEN").is_some();
    for (name, transcript, public) in cases {
        let mut profile = e.extract(transcript).profile;
        if public {
            profile = public_profile(&profile, false);
        }
        let zh = !transcript.is_ascii();
        let img =
            render_card(&CardContent::from_profile(&profile, &e.taxonomy, zh, "https://ayi.example/p/1".into(), None));
        let path = dir.join(format!("{name}.png"));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            img.save(&path).unwrap();
            continue;
        }
        let golden = image::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).to_rgba8();
        assert_eq!(img.dimensions(), golden.dimensions(), "{name}");
        let (changed_share, mean) = difference(&img, &golden);
        assert!(
            within_golden_tolerance(&img, &golden),
            "{name}: {:.3}% of pixels changed, mean difference {mean:.2}/255; \
             look at the card and rerun with AYI_UPDATE_GOLDEN=1 if the change is meant",
            changed_share * 100.0
        );
    }
}

#[test]
fn a_one_pixel_shift_of_the_layout_fails_the_golden_comparison() {
    // The tolerance above must not be so loose that it passes a moved layout.
    let e = Extractor::embedded();
    let profile = e.extract("我叫王秀兰 今年四十八岁 会做饭 有健康证").profile;
    let img =
        render_card(&CardContent::from_profile(&profile, &e.taxonomy, true, "https://ayi.example/p/1".into(), None));
    let mut shifted = img.clone();
    for y in 0..img.height() {
        for x in 1..img.width() {
            shifted.put_pixel(x, y, *img.get_pixel(x - 1, y));
        }
    }
    assert!(!within_golden_tolerance(&img, &shifted), "{:?}", difference(&img, &shifted));
    assert!(within_golden_tolerance(&img, &img.clone()));
}

/// Share of pixels whose largest channel difference exceeds 48/255, and the
/// mean of that largest difference over all pixels.
fn difference(a: &image::RgbaImage, b: &image::RgbaImage) -> (f64, f64) {
    let (mut changed, mut total) = (0usize, 0u64);
    for (p, q) in a.pixels().zip(b.pixels()) {
        let d = p.0.iter().zip(q.0).map(|(&x, y)| x.abs_diff(y)).max().unwrap_or(0);
        total += u64::from(d);
        changed += usize::from(d > 48);
    }
    let pixels = f64::from(a.width() * a.height());
    (changed as f64 / pixels, total as f64 / pixels)
}

fn within_golden_tolerance(a: &image::RgbaImage, b: &image::RgbaImage) -> bool {
    let (changed_share, mean) = difference(a, b);
    changed_share < 0.002 && mean < 1.0
}
