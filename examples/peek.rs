fn main() {
    for p in std::env::args().skip(1) {
        let b = std::fs::read(&p).unwrap();
        let t = vanthu::source::read_text(p.as_ref(), &b).unwrap();
        let mut r = vanthu::extract::extract(&t.text, None);
        r.text.clear();
        println!("{}", serde_json::to_string_pretty(&r).unwrap());
    }
}
