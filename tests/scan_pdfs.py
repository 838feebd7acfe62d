"""PDFs made for the OCR tests: pages that are images without text."""

import io

from conftest import sample


def white_jpeg(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (width, height), 255).save(out, "JPEG")
    return out.getvalue()


def image_pdf(jpegs: list[bytes], sizes: list[tuple[float, float]] | None = None) -> bytes:
    """One page per JPEG (A4 unless `sizes` says), the image covering the page (a scan without text)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for jpeg, size in zip(jpegs, sizes or [A4] * len(jpegs)):
        pdf.setPageSize(size)
        pdf.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, *size)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def scanned_pdf(path, pages: list[int] | None = None, dpi: int = 150, skew_degrees: float = 0.0) -> bytes:
    """The pages (0-based; all by default) of a text-layer PDF as grayscale JPEG images without text, turned by
    `skew_degrees` as a sheet fed askew into a scanner."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    jpegs, sizes = [], []
    for index in pages if pages is not None else range(len(pdf)):
        page = pdf[index]
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().rotate(skew_degrees, fillcolor=255)
        out = io.BytesIO()
        image.save(out, "JPEG", quality=80)
        jpegs.append(out.getvalue())
        sizes.append(page.get_size())
    pdf.close()
    return image_pdf(jpegs, sizes)


def one_scanned_page() -> bytes:
    """Page 4 of the text-layer baojing (the staff rate) as a 150 dpi image without text."""
    return scanned_pdf(sample("pdf", "baojing-2019-dept"), [3])


def declared_image_pdf(width: int, height: int) -> bytes:
    """A page drawing an image whose dictionary declares `width`×`height` pixels (its data is a few bytes)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im0 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        _stream(b"", b"q 595 0 0 842 0 0 cm /Im0 Do Q"),
        _stream(f"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray "
                "/BitsPerComponent 8".encode(), b"\xff" * 16),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(entries: bytes, data: bytes) -> bytes:
    return b"<< " + entries + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
