"""PDFs made for the OCR tests: pages that are images without text."""

import io

from conftest import sample


def white_jpeg(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (width, height), 255).save(out, "JPEG")
    return out.getvalue()


def image_pdf(jpegs: list[bytes]) -> bytes:
    """One A4 page per JPEG, the image covering the page (a scan without text)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for jpeg in jpegs:
        pdf.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, *A4)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def one_scanned_page() -> bytes:
    """Page 4 of the text-layer baojing (the staff rate) as a 150 dpi image without text."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(sample("pdf", "baojing-2019-dept")))
    image = pdf[3].render(scale=150 / 72, grayscale=True).to_pil()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    pdf.close()
    return image_pdf([out.getvalue()])


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
