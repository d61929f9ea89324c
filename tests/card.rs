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
