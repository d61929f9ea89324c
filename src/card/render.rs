//! The picture-and-text card as a PNG, drawn with `image` and laid out with
//! cosmic-text (shaping, and line breaking by Unicode's rules: Chinese breaks
//! between characters, a line never starts with closing punctuation).
//!
//! The font ships with ayi (WenQuanYi Micro Hei, compiled in), so a card looks
//! the same everywhere and has no missing-glyph boxes. Every block has a fixed
//! place and a bounded height, and text that does not fit is cut at a line
//! and ends in "…", so a long name, thirty skills or an almost empty profile
//! all keep the layout.

use std::sync::{Mutex, OnceLock};

use cosmic_text::{Attrs, Buffer, Color, Family, FontSystem, Metrics, Shaping, SwashCache, Wrap};
use image::{Rgba, RgbaImage};

use super::font::{COLLECTION, FAMILY};
use crate::extract::taxonomy::Taxonomy;
use crate::extract::Profile;

pub const WIDTH: u32 = 900;
pub const HEIGHT: u32 = 600;

const INK: Rgba<u8> = Rgba([33, 37, 41, 255]);
const MUTED: Rgba<u8> = Rgba([100, 106, 115, 255]);
const ACCENT: Rgba<u8> = Rgba([214, 92, 56, 255]);
const TAG_BG: Rgba<u8> = Rgba([253, 236, 229, 255]);
const BADGE_BG: Rgba<u8> = Rgba([226, 241, 231, 255]);
const BADGE_INK: Rgba<u8> = Rgba([34, 110, 62, 255]);
const PAPER: Rgba<u8> = Rgba([255, 255, 255, 255]);
const BAND: Rgba<u8> = Rgba([250, 244, 238, 255]);

struct Fonts {
    system: FontSystem,
    cache: SwashCache,
}

/// Shaping state is expensive to build; cards share one behind a lock.
fn fonts() -> &'static Mutex<Fonts> {
    static FONTS: OnceLock<Mutex<Fonts>> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut db = cosmic_text::fontdb::Database::new();
        db.load_font_data(COLLECTION.to_vec());
        Mutex::new(Fonts { system: FontSystem::new_with_locale_and_db("zh-CN".into(), db), cache: SwashCache::new() })
    })
}

/// What goes on the card, already chosen (public or private) and labelled.
pub struct CardContent {
    pub name: String,
    pub facts_line: String,
    pub services: Vec<String>,
    pub skills: Vec<String>,
    pub certificates: Vec<String>,
    /// Availability, pay, area (and the phone on a private card), one a line.
    pub terms: Vec<String>,
    pub summary: String,
    /// Where the QR code leads; empty when there is no address a phone
    /// could open (the card then says so instead of showing a code).
    pub qr_url: String,
    pub photo: Option<RgbaImage>,
    pub chinese: bool,
}

/// The profile's scalar fields as the card words them, each with its field
/// name: who the worker is (age, hometown, experience), then the terms
/// (live-in, pay, area, and the phone, which only a private profile still
/// has: the public view strips it first). The interview page shows the same
/// lines as "what I noted".
pub fn scalar_lines(p: &Profile, chinese: bool) -> Vec<(&'static str, String)> {
    let mut lines = Vec::new();
    if let Some(age) = p.age {
        lines.push(("age", if chinese { format!("{age}岁") } else { format!("{age} years old") }));
    }
    if let Some(h) = &p.hometown {
        lines.push(("hometown", if chinese { format!("{h}人") } else { format!("from {h}") }));
    }
    if let Some(y) = p.years_experience {
        let line = if chinese { format!("从业{y}年") } else { format!("{y} years' experience") };
        lines.push(("years_experience", line));
    }
    if let Some(live_in) = p.live_in {
        let line = match (live_in, chinese) {
            (true, true) => "可住家",
            (false, true) => "不住家",
            (true, false) => "Live-in OK",
            (false, false) => "Not live-in",
        };
        lines.push(("live_in", line.to_string()));
    }
    if let Some(pay) = p.expected_salary_cny_month {
        let line = if chinese { format!("期望月薪 {pay} 元") } else { format!("Expects {pay} CNY/month") };
        lines.push(("expected_salary_cny_month", line));
    }
    if let Some(area) = &p.work_area {
        lines.push(("work_area", if chinese { format!("工作区域 {area}") } else { format!("Area: {area}") }));
    }
    if let Some(phone) = &p.phone {
        lines.push(("phone", if chinese { format!("电话 {phone}") } else { format!("Phone {phone}") }));
    }
    lines
}

impl CardContent {
    pub fn from_profile(
        p: &Profile,
        taxonomy: &Taxonomy,
        chinese: bool,
        qr_url: String,
        photo: Option<RgbaImage>,
    ) -> Self {
        let label = |code: &str| taxonomy.label(code, chinese);
        let (mut facts, mut terms) = (Vec::new(), Vec::new());
        for (field, line) in scalar_lines(p, chinese) {
            if matches!(field, "age" | "hometown" | "years_experience") {
                facts.push(line);
            } else {
                terms.push(line);
            }
        }
        let unnamed = if chinese { "求职者" } else { "Job seeker" };
        CardContent {
            name: p.name.clone().unwrap_or_else(|| unnamed.to_string()),
            facts_line: facts.join(" · "),
            services: p.services.iter().map(|f| label(&f.code)).collect(),
            skills: p.skills.iter().map(|f| label(&f.code)).collect(),
            certificates: p.certificates.iter().map(|f| label(&f.code)).collect(),
            terms,
            summary: p.summary.clone(),
            qr_url,
            photo,
            chinese,
        }
    }
}

fn fill_rect(img: &mut RgbaImage, x: i32, y: i32, w: u32, h: u32, color: Rgba<u8>) {
    for yy in y.max(0)..(y + h as i32).min(img.height() as i32) {
        for xx in x.max(0)..(x + w as i32).min(img.width() as i32) {
            img.put_pixel(xx as u32, yy as u32, color);
        }
    }
}

/// A rounded rectangle (corner radius `r`).
fn fill_round_rect(img: &mut RgbaImage, x: i32, y: i32, w: u32, h: u32, r: i32, color: Rgba<u8>) {
    for yy in 0..h as i32 {
        for xx in 0..w as i32 {
            let dx = (r - xx).max(xx - (w as i32 - 1 - r)).max(0);
            let dy = (r - yy).max(yy - (h as i32 - 1 - r)).max(0);
            if dx * dx + dy * dy <= r * r {
                let (px, py) = (x + xx, y + yy);
                if px >= 0 && py >= 0 && (px as u32) < img.width() && (py as u32) < img.height() {
                    img.put_pixel(px as u32, py as u32, color);
                }
            }
        }
    }
}

fn blend(img: &mut RgbaImage, x: i32, y: i32, color: Rgba<u8>, alpha: u8) {
    if x < 0 || y < 0 || x as u32 >= img.width() || y as u32 >= img.height() || alpha == 0 {
        return;
    }
    let p = img.get_pixel_mut(x as u32, y as u32);
    let a = alpha as u32;
    for i in 0..3 {
        p.0[i] = ((color.0[i] as u32 * a + p.0[i] as u32 * (255 - a)) / 255) as u8;
    }
}

/// Lays out `text` in a box `w` wide and at most `max_lines` high; returns
/// the laid-out buffer (cut to whole lines, the last ending in "…" if cut).
fn layout(fonts: &mut Fonts, text: &str, size: f32, w: f32, max_lines: usize) -> Buffer {
    let metrics = Metrics::new(size, size * 1.35);
    let mut buffer = Buffer::new(&mut fonts.system, metrics);
    buffer.set_wrap(Wrap::WordOrGlyph);
    buffer.set_size(Some(w), None);
    let attrs = Attrs::new().family(Family::Name(FAMILY));
    buffer.set_text(text, &attrs, Shaping::Advanced, None);
    buffer.shape_until_scroll(&mut fonts.system, false);
    let lines = buffer.layout_runs().count();
    if lines > max_lines {
        // Keep what fits on max_lines, then an ellipsis.
        let kept: String =
            buffer.layout_runs().take(max_lines).map(|r| r.text.to_string()).collect::<Vec<_>>().join("");
        let mut shorter: String = kept.chars().collect();
        loop {
            shorter.pop();
            buffer.set_text(&format!("{}…", shorter.trim_end()), &attrs, Shaping::Advanced, None);
            buffer.shape_until_scroll(&mut fonts.system, false);
            if buffer.layout_runs().count() <= max_lines || shorter.is_empty() {
                break;
            }
        }
    }
    buffer
}

fn draw_buffer(img: &mut RgbaImage, fonts: &mut Fonts, buffer: &mut Buffer, x: i32, y: i32, color: Rgba<u8>) {
    let c = Color::rgba(color.0[0], color.0[1], color.0[2], 255);
    let Fonts { system, cache } = fonts;
    buffer.draw(system, cache, c, |gx, gy, gw, gh, glyph| {
        for yy in 0..gh as i32 {
            for xx in 0..gw as i32 {
                blend(img, x + gx + xx, y + gy + yy, color, glyph.a());
            }
        }
    });
}

/// How a block of text is set: size, box width, most lines, colour.
#[derive(Clone, Copy)]
struct Style {
    size: f32,
    width: f32,
    lines: usize,
    color: Rgba<u8>,
}

const fn style(size: f32, width: f32, lines: usize, color: Rgba<u8>) -> Style {
    Style { size, width, lines, color }
}

/// Draws text at (x, y); returns the height it took.
fn text(img: &mut RgbaImage, fonts: &mut Fonts, s: &str, (x, y): (i32, i32), st: Style) -> i32 {
    if s.is_empty() {
        return 0;
    }
    let mut buffer = layout(fonts, s, st.size, st.width, st.lines);
    let height = buffer.layout_runs().map(|r| r.line_top + r.line_height).fold(0f32, f32::max);
    draw_buffer(img, fonts, &mut buffer, x, y, st.color);
    height.ceil() as i32
}

fn text_width(fonts: &mut Fonts, s: &str, size: f32) -> f32 {
    let buffer = layout(fonts, s, size, 10_000.0, 1);
    buffer.layout_runs().map(|r| r.line_w).fold(0f32, f32::max)
}

/// Pills that wrap onto at most `rows` rows; the rest is counted as "+N".
fn pills(
    img: &mut RgbaImage,
    fonts: &mut Fonts,
    items: &[String],
    (x, y, w): (i32, i32, i32),
    rows: usize,
    (bg, ink): (Rgba<u8>, Rgba<u8>),
) -> i32 {
    const SIZE: f32 = 19.0;
    const H: i32 = 34;
    const GAP: i32 = 8;
    let (mut cx, mut cy, mut row, mut prev_end) = (x, y, 0, x);
    for (i, item) in items.iter().enumerate() {
        let pw = text_width(fonts, item, SIZE).ceil() as i32 + 24;
        if cx + pw > x + w && cx > x {
            row += 1;
            cx = x;
            cy += H + GAP;
        }
        // On the last row, keep room for a "+N" pill unless this is the last item.
        let remaining = items.len() - i;
        let room_needed = if remaining > 1 { pw + GAP + 56 } else { pw };
        let fits = row < rows && (row + 1 < rows || cx + room_needed <= x + w);
        if !fits {
            let (mx, my) = if row < rows { (cx, cy) } else { (prev_end, cy - H - GAP) };
            fill_round_rect(img, mx, my, 56, H as u32, 17, bg);
            text(img, fonts, &format!("+{remaining}"), (mx + 12, my + 5), style(SIZE, 60.0, 1, ink));
            cy = my;
            break;
        }
        fill_round_rect(img, cx, cy, pw as u32, H as u32, 17, bg);
        text(img, fonts, item, (cx + 12, cy + 5), style(SIZE, pw as f32, 1, ink));
        cx += pw + GAP;
        prev_end = cx;
    }
    if items.is_empty() {
        0
    } else {
        cy - y + H
    }
}

fn draw_photo(img: &mut RgbaImage, photo: Option<&RgbaImage>, x: i32, y: i32, size: u32) {
    match photo {
        Some(p) => {
            // Centre-crop to a square, then scale.
            let side = p.width().min(p.height());
            let crop =
                image::imageops::crop_imm(p, (p.width() - side) / 2, (p.height() - side) / 2, side, side).to_image();
            let scaled = image::imageops::resize(&crop, size, size, image::imageops::FilterType::Triangle);
            image::imageops::overlay(img, &scaled, x as i64, y as i64);
        }
        None => {
            // A neutral silhouette, head and shoulders, drawn inside its own square.
            let mut square = RgbaImage::from_pixel(size, size, Rgba([232, 226, 220, 255]));
            let grey = Rgba([196, 187, 178, 255]);
            let (s, c) = (size as i32, size as i32 / 2);
            fill_round_rect(&mut square, c - s / 5, s / 5, (2 * s / 5) as u32, (2 * s / 5) as u32, s / 5, grey);
            fill_round_rect(&mut square, c - s / 3, 2 * s / 3, (2 * s / 3) as u32, (2 * s / 3) as u32, s / 3, grey);
            image::imageops::overlay(img, &square, x as i64, y as i64);
        }
    }
}

/// Where the QR code goes: its top-left corner and its size, quiet zone
/// included (public, so tests can read the code back).
pub const QR_AT: (u32, u32) = (690, 420);
pub const QR_SIZE: u32 = 160;
/// Light modules around the code, each side.
pub const QR_QUIET: u32 = 2;

fn draw_qr(img: &mut RgbaImage, url: &str, x: i32, y: i32, size: u32) {
    let Ok(code) = qrcode::QrCode::new(url.as_bytes()) else { return };
    let modules = code.width() as u32;
    let colors = code.to_colors();
    let quiet = QR_QUIET;
    let cell = (size / (modules + 2 * quiet)).max(1);
    fill_rect(img, x, y, (modules + 2 * quiet) * cell, (modules + 2 * quiet) * cell, PAPER);
    for (i, c) in colors.iter().enumerate() {
        if *c == qrcode::Color::Dark {
            let (mx, my) = ((i as u32 % modules + quiet) * cell, (i as u32 / modules + quiet) * cell);
            fill_rect(img, x + mx as i32, y + my as i32, cell, cell, INK);
        }
    }
}

/// Renders the card.
pub fn render_card(card: &CardContent) -> RgbaImage {
    let mut img = RgbaImage::from_pixel(WIDTH, HEIGHT, PAPER);
    let mut guard = fonts().lock().unwrap_or_else(|e| e.into_inner());
    let fonts = &mut *guard;
    let zh = card.chinese;
    fill_rect(&mut img, 0, 0, WIDTH, 250, BAND);
    fill_rect(&mut img, 0, 0, WIDTH, 8, ACCENT);
    draw_photo(&mut img, card.photo.as_ref(), 36, 36, 180);

    let left = 244;
    let right_w = (WIDTH as i32 - left - 36) as f32;
    let mut y = 40;
    y += text(&mut img, fonts, &card.name, (left, y), style(40.0, right_w, 1, INK)) + 6;
    y += text(&mut img, fonts, &card.facts_line, (left, y), style(22.0, right_w, 1, MUTED)) + 12;
    pills(&mut img, fonts, &card.services, (left, y, right_w as i32), 2, (TAG_BG, ACCENT));

    // Lower half: skills and certificates on the left, terms and QR on the right.
    let mut y = 270;
    let col_w = 560;
    let heading = |img: &mut RgbaImage, fonts: &mut Fonts, s: &str, y: i32| {
        text(img, fonts, s, (36, y), style(18.0, 300.0, 1, MUTED))
    };
    if !card.skills.is_empty() {
        y += heading(&mut img, fonts, if zh { "技能" } else { "Skills" }, y) + 4;
        y += pills(&mut img, fonts, &card.skills, (36, y, col_w), 2, (BAND, INK)) + 12;
    }
    if !card.certificates.is_empty() {
        y += heading(&mut img, fonts, if zh { "证书" } else { "Certificates" }, y) + 4;
        y += pills(&mut img, fonts, &card.certificates, (36, y, col_w), 1, (BADGE_BG, BADGE_INK)) + 12;
    }
    let nothing_yet = card.skills.is_empty() && card.certificates.is_empty() && card.summary.trim().is_empty();
    if nothing_yet {
        // An empty body reads as a broken card; say what it is instead.
        let note = if zh {
            "资料还在补充中，扫码查看最新简历。"
        } else {
            "This profile is still being completed; scan for the latest."
        };
        text(&mut img, fonts, note, (36, y), style(19.0, col_w as f32, 2, MUTED));
    }
    let summary_lines = ((HEIGHT as i32 - 24 - y) / 27).clamp(0, 4) as usize;
    if summary_lines > 0 && !nothing_yet {
        text(&mut img, fonts, &card.summary, (36, y), style(19.0, col_w as f32, summary_lines, INK));
    }
    // One term a line: a wrap inside "电话 138…" would part label and value.
    text(&mut img, fonts, &card.terms.join("\n"), (620, 280), style(19.0, 250.0, 5, INK));
    if card.qr_url.is_empty() {
        // A code leading to an address no phone can open would be worse than none.
        let note =
            if zh { "未设置公开网址，\n没有二维码" } else { "No public address set,\nso no QR code" };
        text(&mut img, fonts, note, (660, 480), style(17.0, 230.0, 2, MUTED));
    } else {
        draw_qr(&mut img, &card.qr_url, QR_AT.0 as i32, QR_AT.1 as i32, QR_SIZE);
        let scan = if zh { "扫码查看完整简历" } else { "Scan for the full profile" };
        text(&mut img, fonts, scan, (660, 570), style(15.0, 230.0, 1, MUTED));
    }
    img
}

/// The pages' red (ayi.css `--brand`).
const BRAND: Rgba<u8> = Rgba([184, 50, 60, 255]);

/// The site's icon: 阿 in white on the pages' red, `size` pixels square
/// with rounded corners (transparent outside them).
pub fn render_icon(size: u32) -> RgbaImage {
    let mut guard = fonts().lock().unwrap_or_else(|e| e.into_inner());
    let fonts = &mut *guard;
    // Drawn on a larger scratch, then its ink cut out and centred: line
    // boxes put a glyph above its middle.
    let mut scratch = RgbaImage::from_pixel(size * 2, size * 2, BRAND);
    text(&mut scratch, fonts, "阿", (0, 0), style(size as f32 * 0.74, size as f32 * 2.0, 1, PAPER));
    let inked: Vec<(u32, u32)> =
        scratch.enumerate_pixels().filter(|(_, _, p)| **p != BRAND).map(|(x, y, _)| (x, y)).collect();
    let mut icon = RgbaImage::from_pixel(size, size, Rgba([0, 0, 0, 0]));
    fill_round_rect(&mut icon, 0, 0, size, size, (size / 5) as i32, BRAND);
    if let (Some(x0), Some(x1), Some(y0), Some(y1)) = (
        inked.iter().map(|p| p.0).min(),
        inked.iter().map(|p| p.0).max(),
        inked.iter().map(|p| p.1).min(),
        inked.iter().map(|p| p.1).max(),
    ) {
        let (w, h) = ((x1 - x0 + 1).min(size), (y1 - y0 + 1).min(size));
        let glyph = image::imageops::crop_imm(&scratch, x0, y0, w, h).to_image();
        image::imageops::overlay(&mut icon, &glyph, i64::from((size - w) / 2), i64::from((size - h) / 2));
    }
    icon
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extractor;

    fn card(text: &str) -> CardContent {
        let e = Extractor::embedded();
        let p = e.extract(text).profile;
        CardContent::from_profile(&p, &e.taxonomy, true, "http://127.0.0.1:8080/p/1".into(), None)
    }

    fn inked(img: &RgbaImage, x0: u32, y0: u32, x1: u32, y1: u32) -> usize {
        (y0..y1).flat_map(|y| (x0..x1).map(move |x| (x, y))).filter(|&(x, y)| img.get_pixel(x, y).0[0] < 120).count()
    }

    #[test]
    fn renders_chinese_text_and_a_qr_code() {
        let img = render_card(&card("我叫王秀兰 今年四十八岁 河南人 照顾老人八年了 会帮老人洗澡 有健康证 工资七千"));
        assert_eq!((img.width(), img.height()), (WIDTH, HEIGHT));
        assert!(inked(&img, 244, 40, 600, 90) > 300, "the name is drawn");
        assert!(inked(&img, 690, 420, 850, 580) > 2000, "the QR code is drawn");
    }

    #[test]
    fn without_an_address_the_card_has_no_qr_code_and_says_so() {
        let mut c = card("我叫王秀兰 照顾老人八年了");
        c.qr_url = String::new();
        let img = render_card(&c);
        // The note is drawn where the code would be; no code's dense modules.
        let (note, code) = (inked(&img, 660, 480, 890, 530), inked(&img, 690, 540, 850, 580));
        assert!(note > 200 && code == 0, "note {note}, below it {code}");
        assert!(inked(&img, 690, 420, 850, 580) < 2000);
    }

    #[test]
    fn the_icon_is_a_white_character_centred_on_red() {
        let icon = render_icon(64);
        assert_eq!((icon.width(), icon.height()), (64, 64));
        assert_eq!(icon.get_pixel(0, 0).0[3], 0, "rounded, transparent corners");
        assert_eq!(*icon.get_pixel(32, 2), BRAND);
        let white: Vec<(u32, u32)> =
            icon.enumerate_pixels().filter(|(_, _, p)| p.0[1] > 200).map(|(x, y, _)| (x, y)).collect();
        assert!(white.len() > 300, "{}", white.len());
        let mean = |f: fn(&(u32, u32)) -> u32| white.iter().map(f).sum::<u32>() as f32 / white.len() as f32;
        assert!((mean(|p| p.0) - 32.0).abs() < 6.0 && (mean(|p| p.1) - 32.0).abs() < 6.0);
    }

    #[test]
    fn long_names_many_skills_and_empty_profiles_keep_the_layout() {
        let many: String = [
            "做饭",
            "打扫卫生",
            "洗衣服",
            "擦玻璃",
            "收纳整理",
            "带孩子",
            "辅导作业",
            "接送孩子",
            "遛狗",
            "开车",
            "喂饭",
            "翻身拍背",
            "量血压",
            "鼻饲",
            "做月子餐",
            "催乳",
            "哄睡",
            "抚触",
            "早教",
            "做辅食",
            "冲奶粉",
            "换尿布",
            "给宝宝洗澡",
            "脐带护理",
            "康复训练",
            "陪老人聊天",
            "提醒吃药",
            "护理褥疮",
            "做西餐",
            "烤面包",
        ]
        .join(" ");
        let mut c = card(&format!("我叫{} {many}", "欧阳娜娜丽莎"));
        c.name = "欧阳娜娜丽莎·阿依古丽·买买提江·热合曼".into();
        let img = render_card(&c);
        // Nothing is drawn past the card's right margin.
        assert_eq!(inked(&img, WIDTH - 20, 0, WIDTH, HEIGHT), 0);
        let empty = render_card(&card("嗯 我也不知道说啥"));
        assert_eq!((empty.width(), empty.height()), (WIDTH, HEIGHT));
    }
}
