//! Photos as workers upload them, made safe to keep and show: the size is
//! checked from the header before any pixel is decoded, decoding is held
//! to a memory limit, and the result is re-encoded (dropping metadata).

/// Largest photo accepted, in pixels (a 40 MP phone camera).
pub const MAX_PHOTO_PIXELS: u64 = 40_000_000;
/// Most memory one photo's decoding may take.
pub const MAX_PHOTO_BYTES_DECODED: u64 = 200 << 20;

/// A JPEG of at most 800×800 from an uploaded JPEG or PNG. The size is read
/// from the header and checked before any pixel is decoded, and the decoder
/// is held to a memory limit: a small file can claim a huge image.
pub(super) fn reencode(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let unreadable = |e: image::ImageError| format!("the photo could not be read as JPEG or PNG: {e}");
    let reader =
        image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    if !matches!(reader.format(), Some(image::ImageFormat::Jpeg | image::ImageFormat::Png)) {
        return Err("the photo must be a JPEG or PNG".into());
    }
    let (width, height) = reader.into_dimensions().map_err(unreadable)?;
    if width as u64 * height as u64 > MAX_PHOTO_PIXELS || width == 0 || height == 0 {
        return Err(format!("the photo is {width}×{height}; photos up to 40 megapixels are accepted"));
    }
    let mut reader =
        image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format().map_err(|e| e.to_string())?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(width);
    limits.max_image_height = Some(height);
    limits.max_alloc = Some(MAX_PHOTO_BYTES_DECODED);
    reader.limits(limits);
    let image = reader.decode().map_err(unreadable)?;
    let image = image.thumbnail(800, 800).to_rgb8();
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Jpeg).map_err(|e| e.to_string())?;
    Ok(out.into_inner())
}
