//! Raster images: PNG and JPEG through `image`, TIFF (every page) through `tiff`. Pages are
//! decoded one at a time, refused before decoding when they would exceed the pixel limit, and
//! keep the resolution their file records.

use std::io::Cursor;

use super::SourceError;
use crate::record::PageImage;

/// Pages of a PNG or JPEG: always one.
pub fn decode_single(bytes: &[u8], max_pixels: u64) -> Result<PageImage, SourceError> {
    use image::ImageDecoder;
    let bad = |e: image::ImageError| SourceError::Corrupt(format!("cannot decode the image: {e}"));
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| SourceError::Corrupt(e.to_string()))?;
    let mut decoder = reader.into_decoder().map_err(bad)?;
    let (w, h) = decoder.dimensions();
    check_size(w, h, max_pixels)?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(max_pixels.saturating_mul(8));
    decoder.set_limits(limits).map_err(bad)?;
    let img = image::DynamicImage::from_decoder(decoder).map_err(bad)?;
    let dpi = png_dpi(bytes).or_else(|| jpeg_dpi(bytes));
    Ok(from_dynamic(img, dpi))
}

fn from_dynamic(img: image::DynamicImage, dpi: Option<u32>) -> PageImage {
    let (width, height) = (img.width(), img.height());
    if img.color().has_color() {
        PageImage {
            width,
            height,
            channels: 3,
            data: img.into_rgb8().into_raw(),
            dpi,
            known: Vec::new(),
        }
    } else {
        PageImage {
            width,
            height,
            channels: 1,
            data: img.into_luma8().into_raw(),
            dpi,
            known: Vec::new(),
        }
    }
}

pub fn check_size(w: u32, h: u32, max_pixels: u64) -> Result<(), SourceError> {
    if w == 0 || h == 0 {
        return Err(SourceError::Corrupt(format!("the image is {w}×{h} pixels")));
    }
    let px = u64::from(w) * u64::from(h);
    if px > max_pixels {
        return Err(SourceError::TooLarge {
            width: w,
            height: h,
            limit: max_pixels,
        });
    }
    Ok(())
}

/// The resolution a PNG records in its `pHYs` chunk (pixels per metre).
fn png_dpi(bytes: &[u8]) -> Option<u32> {
    let mut at = 8usize;
    while at + 8 <= bytes.len() {
        let len = u32::from_be_bytes(bytes[at..at + 4].try_into().ok()?) as usize;
        let kind = &bytes[at + 4..at + 8];
        let body = bytes.get(at + 8..at + 8 + len)?;
        if kind == b"pHYs" && len >= 9 && body[8] == 1 {
            let ppm = u32::from_be_bytes(body[0..4].try_into().ok()?);
            return Some((f64::from(ppm) * 0.0254).round() as u32).filter(|&d| d > 0);
        }
        if kind == b"IDAT" || kind == b"IEND" {
            return None;
        }
        at += 12 + len;
    }
    None
}

/// The resolution a JPEG records in its JFIF header.
fn jpeg_dpi(bytes: &[u8]) -> Option<u32> {
    let app0 = bytes.get(2..18)?;
    if &app0[0..2] != b"\xff\xe0" || &app0[4..9] != b"JFIF\0" {
        return None;
    }
    let density = u32::from(u16::from_be_bytes([app0[12], app0[13]]));
    match app0[11] {
        1 => Some(density),
        2 => Some((f64::from(density) * 2.54).round() as u32),
        _ => None,
    }
    .filter(|&d| d > 0)
}

/// A multi-page TIFF, decoded a page at a time.
pub struct Tiff<'a> {
    decoder: tiff::decoder::Decoder<Cursor<&'a [u8]>>,
    pages: usize,
    next: usize,
    max_pixels: u64,
}

fn tiff_err(e: tiff::TiffError) -> SourceError {
    match e {
        tiff::TiffError::LimitsExceeded => {
            SourceError::Corrupt("the TIFF exceeds decoding limits".into())
        }
        tiff::TiffError::IoError(e) => {
            SourceError::Corrupt(format!("the TIFF is damaged or truncated ({e})"))
        }
        e => SourceError::Corrupt(format!("cannot decode the TIFF: {e}")),
    }
}

impl<'a> Tiff<'a> {
    pub fn open(bytes: &'a [u8], max_pixels: u64) -> Result<Tiff<'a>, SourceError> {
        let limits = || {
            let mut l = tiff::decoder::Limits::default();
            l.decoding_buffer_size =
                usize::try_from(max_pixels.saturating_mul(4)).unwrap_or(usize::MAX);
            l
        };
        let mut counter = tiff::decoder::Decoder::new(Cursor::new(bytes))
            .map_err(tiff_err)?
            .with_limits(limits());
        let mut pages = 1;
        while counter.more_images() {
            counter.next_image().map_err(tiff_err)?;
            pages += 1;
            if pages > 100_000 {
                return Err(SourceError::Corrupt("the TIFF's page list loops".into()));
            }
        }
        let decoder = tiff::decoder::Decoder::new(Cursor::new(bytes))
            .map_err(tiff_err)?
            .with_limits(limits());
        Ok(Tiff {
            decoder,
            pages,
            next: 0,
            max_pixels,
        })
    }

    pub fn pages(&self) -> usize {
        self.pages
    }

    /// The next page, in order.
    pub fn next_page(&mut self) -> Result<PageImage, SourceError> {
        use tiff::decoder::DecodingResult;
        use tiff::ColorType;
        if self.next > 0 {
            self.decoder.next_image().map_err(tiff_err)?;
        }
        self.next += 1;
        let d = &mut self.decoder;
        let (w, h) = d.dimensions().map_err(tiff_err)?;
        check_size(w, h, self.max_pixels)?;
        let color = d.colortype().map_err(tiff_err)?;
        let dpi = tiff_dpi(d);
        let data = match d.read_image().map_err(tiff_err)? {
            DecodingResult::U8(v) => v,
            DecodingResult::U16(v) => v.iter().map(|&x| (x >> 8) as u8).collect(),
            _ => {
                return Err(SourceError::Corrupt(format!(
                    "TIFF pages of {color:?} samples are not supported"
                )))
            }
        };
        let (w_us, h_us) = (w as usize, h as usize);
        let (channels, data) = match color {
            ColorType::Gray(1) => {
                let stride = w_us.div_ceil(8);
                let mut out = Vec::with_capacity(w_us * h_us);
                for row in data.chunks(stride).take(h_us) {
                    for x in 0..w_us {
                        let bit = row.get(x / 8).map_or(1, |b| (b >> (7 - x % 8)) & 1);
                        out.push(if bit == 1 { 255 } else { 0 });
                    }
                }
                (1, out)
            }
            ColorType::Gray(8) | ColorType::Gray(16) => (1, data),
            ColorType::GrayA(8) | ColorType::GrayA(16) => {
                (1, data.chunks(2).map(|p| p[0]).collect())
            }
            ColorType::RGB(8) | ColorType::RGB(16) => (3, data),
            ColorType::RGBA(8) | ColorType::RGBA(16) => {
                (3, data.chunks(4).flat_map(|p| [p[0], p[1], p[2]]).collect())
            }
            other => {
                return Err(SourceError::Corrupt(format!(
                    "TIFF pages of colour type {other:?} are not supported"
                )))
            }
        };
        if data.len() < w_us * h_us * channels {
            return Err(SourceError::Corrupt(format!(
                "page {} of the TIFF is shorter than its size says",
                self.next
            )));
        }
        Ok(PageImage {
            width: w,
            height: h,
            channels: channels as u8,
            data,
            dpi,
            known: Vec::new(),
        })
    }
}

fn tiff_dpi<R: std::io::Read + std::io::Seek>(d: &mut tiff::decoder::Decoder<R>) -> Option<u32> {
    use tiff::decoder::ifd::Value;
    use tiff::tags::Tag;
    let res = match d.find_tag(Tag::XResolution).ok()?? {
        Value::Rational(n, den) if den > 0 => f64::from(n) / f64::from(den),
        Value::Float(f) => f64::from(f),
        Value::Double(f) => f,
        _ => return None,
    };
    let unit = d
        .find_tag(Tag::ResolutionUnit)
        .ok()
        .flatten()
        .and_then(|v| v.into_u16().ok())
        .unwrap_or(2);
    let dpi = match unit {
        3 => res * 2.54,
        2 => res,
        _ => return None,
    };
    Some(dpi.round() as u32).filter(|&d| d > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32, grey: bool) -> Vec<u8> {
        let mut out = Vec::new();
        let img = if grey {
            image::DynamicImage::ImageLuma8(image::GrayImage::from_pixel(w, h, image::Luma([200])))
        } else {
            image::DynamicImage::ImageRgb8(image::RgbImage::from_pixel(
                w,
                h,
                image::Rgb([200, 10, 10]),
            ))
        };
        img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn decodes_grey_and_colour_and_refuses_huge() {
        let g = decode_single(&png(4, 3, true), 1000).unwrap();
        assert_eq!((g.width, g.height, g.channels, g.data.len()), (4, 3, 1, 12));
        let c = decode_single(&png(4, 3, false), 1000).unwrap();
        assert_eq!((c.channels, c.data.len()), (3, 36));
        assert!(matches!(
            decode_single(&png(40, 30, true), 1000),
            Err(SourceError::TooLarge {
                width: 40,
                height: 30,
                ..
            })
        ));
        assert!(matches!(
            decode_single(b"\x89PNG\r\n\x1a\n\0\0", 1000),
            Err(SourceError::Corrupt(_))
        ));
    }

    #[test]
    fn reads_png_and_jfif_resolution() {
        // pHYs of 11811 px/m = 300 dpi.
        let mut p = b"\x89PNG\r\n\x1a\n".to_vec();
        p.extend(9u32.to_be_bytes());
        p.extend(b"pHYs");
        p.extend(11811u32.to_be_bytes());
        p.extend(11811u32.to_be_bytes());
        p.push(1);
        p.extend([0; 4]);
        assert_eq!(png_dpi(&p), Some(300));
        let j = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x01\x00\xc8\x00\xc8";
        assert_eq!(jpeg_dpi(j), Some(200));
    }

    #[test]
    fn tiff_pages_come_in_order() {
        let mut out = Vec::new();
        {
            let mut enc = tiff::encoder::TiffEncoder::new(Cursor::new(&mut out)).unwrap();
            for v in [10u8, 20, 30] {
                enc.write_image::<tiff::encoder::colortype::Gray8>(5, 2, &[v; 10])
                    .unwrap();
            }
        }
        let mut t = Tiff::open(&out, 1000).unwrap();
        assert_eq!(t.pages(), 3);
        for v in [10u8, 20, 30] {
            let p = t.next_page().unwrap();
            assert_eq!((p.width, p.height, p.channels, p.data[0]), (5, 2, 1, v));
        }
    }
}
