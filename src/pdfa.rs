//! Searchable PDF/A-2b, as Thông tư 05/2025/TT-BNV asks of digitised paper: each page the
//! scan's image, with an invisible text layer at the words' positions (text rendering mode 3,
//! in tesseract's one-glyph "glyphless" font, embedded, whose ToUnicode map gives back every
//! character), an sRGB output intent, and XMP metadata naming the part and conformance.
//!
//! A stage of its own: it takes pages (a JPEG and the words with their boxes) and gives bytes;
//! it knows nothing of OCR engines, files or the archive.

use pdf_writer::types::{
    CidFontType, FontFlags, OutputIntentSubtype, SystemInfo, TextRenderingMode,
};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

/// The font: one empty glyph that every character code maps to (tesseract's `pdf.ttf`,
/// Apache License 2.0). Its one glyph is 500 units wide; text is stretched to its box.
const GLYPHLESS: &[u8] = include_bytes!("../dictionaries/glyphless.ttf");

/// One page of the output.
#[derive(Clone)]
pub struct Page {
    /// The page image, JPEG (baseline, 8-bit grey or RGB).
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// Whether the JPEG is grey (else RGB).
    pub grey: bool,
    /// Pixels per inch: the page's size on paper.
    pub dpi: u32,
    /// The words, each with `[x, y, width, height]` in the image's pixels (top-left origin).
    pub words: Vec<(String, [u32; 4])>,
}

/// What the document's metadata says.
pub struct Meta<'a> {
    pub title: &'a str,
    /// The file identifier's bytes (the source's hash: the same scan gives the same ID).
    pub id: &'a [u8],
    /// `vanthu 0.1.0 (tesseract 5.3.0)`.
    pub producer: &'a str,
}

/// The page image as a JPEG of `quality` (grey when the page has one channel).
pub fn jpeg(data: &[u8], width: u32, height: u32, channels: u8, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    let color = if channels == 1 {
        image::ExtendedColorType::L8
    } else {
        image::ExtendedColorType::Rgb8
    };
    // A buffer of the stated size never fails to encode into memory.
    let _ = enc.encode(data, width, height, color);
    out
}

/// The PDF/A-2b bytes of `pages`.
pub fn write(pages: &[Page], meta: &Meta) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let mut next = 1;
    let mut id = || {
        let r = Ref::new(next);
        next += 1;
        r
    };
    let catalog = id();
    let tree = id();
    let info = id();
    let xmp = id();
    let icc = id();
    let font = id();
    let cid = id();
    let descriptor = id();
    let font_file = id();
    let to_unicode = id();
    let gid_map_id = id();
    let page_ids: Vec<(Ref, Ref, Ref)> = pages.iter().map(|_| (id(), id(), id())).collect();

    let now = time::OffsetDateTime::now_utc();
    let pdf_date = pdf_writer::Date::new(now.year() as u16)
        .month(now.month() as u8)
        .day(now.day())
        .hour(now.hour())
        .minute(now.minute())
        .second(now.second())
        .utc_offset_hour(0)
        .utc_offset_minute(0);
    let xmp_date = xmp_writer::DateTime {
        year: now.year() as u16,
        month: Some(now.month() as u8),
        day: Some(now.day()),
        hour: Some(now.hour()),
        minute: Some(now.minute()),
        second: Some(now.second()),
        timezone: Some(xmp_writer::Timezone::Utc),
    };

    {
        let mut cat = pdf.catalog(catalog);
        cat.pages(tree);
        cat.metadata(xmp);
        cat.output_intents()
            .push()
            .subtype(OutputIntentSubtype::PDFA)
            .output_condition_identifier(TextStr("sRGB IEC61966-2.1"))
            .info(TextStr("sRGB IEC61966-2.1"))
            .dest_output_profile(icc);
    }
    pdf.pages(tree)
        .kids(page_ids.iter().map(|p| p.0))
        .count(pages.len() as i32);
    pdf.document_info(info)
        .title(TextStr(meta.title))
        .producer(TextStr(meta.producer))
        .creator(TextStr(meta.producer))
        .creation_date(pdf_date)
        .modified_date(pdf_date);

    let mut x = xmp_writer::XmpWriter::new();
    x.title([(None, meta.title)]);
    x.producer(meta.producer);
    x.creator_tool(meta.producer);
    x.create_date(xmp_date);
    x.modify_date(xmp_date);
    x.metadata_date(xmp_date);
    x.format("application/pdf");
    x.pdfa_part(2);
    x.pdfa_conformance("B");
    let xmp_bytes = x.finish(None).into_bytes();
    pdf.metadata(xmp, &xmp_bytes)
        .pair(Name(b"Subtype"), Name(b"XML"));

    let profile = lcms2::Profile::new_srgb().icc().unwrap_or_default();
    pdf.icc_profile(icc, &profile).n(3).alternate().srgb();

    pdf.type0_font(font)
        .base_font(Name(b"GlyphLessFont"))
        .encoding_predefined(Name(b"Identity-H"))
        .descendant_font(cid)
        .to_unicode(to_unicode);
    {
        let mut c = pdf.cid_font(cid);
        c.subtype(CidFontType::Type2)
            .base_font(Name(b"GlyphLessFont"))
            .system_info(SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"Identity"),
                supplement: 0,
            })
            .font_descriptor(descriptor)
            .default_width(500.0);
        c.cid_to_gid_map_stream(gid_map_id);
    }
    pdf.font_descriptor(descriptor)
        .name(Name(b"GlyphLessFont"))
        .flags(FontFlags::SYMBOLIC)
        .bbox(Rect::new(0.0, 0.0, 500.0, 1000.0))
        .italic_angle(0.0)
        .ascent(1000.0)
        .descent(0.0)
        .cap_height(1000.0)
        .stem_v(80.0)
        .font_file2(font_file);
    pdf.stream(font_file, GLYPHLESS)
        .pair(Name(b"Length1"), GLYPHLESS.len() as i32);
    let cmap = unicode_cmap();
    pdf.cmap(to_unicode, &cmap);
    // CID → glyph: every code to glyph 1, the one glyph.
    let gid_map: Vec<u8> = (0..=u16::MAX).flat_map(|_| [0u8, 1u8]).collect();
    let gid_map = zlib(&gid_map);
    pdf.stream(gid_map_id, &gid_map).filter(Filter::FlateDecode);

    for (p, (page_id, image_id, content_id)) in pages.iter().zip(&page_ids) {
        let dpi = p.dpi.max(1) as f32;
        let (w, h) = (p.width as f32 * 72.0 / dpi, p.height as f32 * 72.0 / dpi);
        let mut page = pdf.page(*page_id);
        page.media_box(Rect::new(0.0, 0.0, w, h))
            .parent(tree)
            .contents(*content_id);
        {
            let mut res = page.resources();
            res.x_objects().pair(Name(b"Im0"), *image_id);
            res.fonts().pair(Name(b"F0"), font);
        }
        page.finish();
        let mut img = pdf.image_xobject(*image_id, &p.jpeg);
        img.filter(Filter::DctDecode);
        img.width(p.width as i32);
        img.height(p.height as i32);
        img.bits_per_component(8);
        if p.grey {
            img.color_space().device_gray();
        } else {
            img.color_space().icc_based(icc);
        }
        img.finish();
        let content = page_content(p, w, h);
        pdf.stream(*content_id, &zlib(&content))
            .filter(Filter::FlateDecode);
    }
    let fid = meta.id[..meta.id.len().min(16)].to_vec();
    pdf.set_file_id((fid.clone(), fid));
    pdf.finish()
}

/// The page's content: the image over the whole page, then each word, invisible, its box
/// filled by stretching the text horizontally.
fn page_content(p: &Page, w: f32, h: f32) -> Vec<u8> {
    let mut c = Content::new();
    c.save_state();
    c.transform([w, 0.0, 0.0, h, 0.0, 0.0]);
    c.x_object(Name(b"Im0"));
    c.restore_state();
    let k = 72.0 / p.dpi.max(1) as f32;
    c.begin_text();
    c.set_text_rendering_mode(TextRenderingMode::Invisible);
    for (word, [x, y, bw, bh]) in &p.words {
        let units: Vec<u16> = word.encode_utf16().collect();
        if units.is_empty() || *bh == 0 {
            continue;
        }
        let size = *bh as f32 * k;
        // The glyph is half an em wide: stretch the word to its box.
        let natural = units.len() as f32 * size * 0.5;
        let scale = (*bw as f32 * k / natural * 100.0).clamp(1.0, 10_000.0);
        let base = h - (*y + *bh) as f32 * k + size * 0.2;
        c.set_font(Name(b"F0"), size);
        c.set_horizontal_scaling(scale);
        c.set_text_matrix([1.0, 0.0, 0.0, 1.0, *x as f32 * k, base]);
        let bytes: Vec<u8> = units.iter().flat_map(|u| u.to_be_bytes()).collect();
        // A space after each word, so that text extraction separates them.
        let mut with_space = bytes;
        with_space.extend_from_slice(&[0, 32]);
        c.show(Str(&with_space));
    }
    c.end_text();
    c.finish().into_vec()
}

/// A ToUnicode CMap for codes that are UTF-16 code units: each code is its own character.
fn unicode_cmap() -> Vec<u8> {
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    // 100 ranges a block at most; each range keeps its first byte.
    let highs: Vec<u16> = (0u16..=255)
        .filter(|h| !(0xD8..=0xDF).contains(h))
        .collect();
    for chunk in highs.chunks(100) {
        s.push_str(&format!("{} beginbfrange\n", chunk.len()));
        for h in chunk {
            s.push_str(&format!("<{h:02X}00> <{h:02X}FF> <{h:02X}00>\n"));
        }
        s.push_str("endbfrange\n");
    }
    s.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

/// `data` compressed for a `FlateDecode` stream.
fn zlib(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}
