#!/usr/bin/env python3
"""reportlab drawing kaowu's certificate page (templates/certificate.json), one file per
certificate: the paper colour, two frames, title, the photo (JPEG), six lines of text in
wqy-zenhei (subset), the statement, the seal and the signature as PNGs drawn with reportlab's
own transparency (mask='auto'), a QR code (reportlab.graphics.barcode.qr) and the code line.

  bench-certificates-peer.py K PHOTOS_DIR SEAL.png SIGNATURE.png OUTDIR

Timed inside: font registration, reading each photo and stamp, drawing, writing the files.
Prints @@RESULT@@{json} with the wall time, file count and bytes.
"""
import glob, json, os, sys, time

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

W, H = 297 * mm, 210 * mm


def y(top):  # millimetres from the top, as the template writes them
    return H - top * mm


def main():
    k, photos, seal_path, signature_path, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
    files = sorted(glob.glob(os.path.join(photos, "**", "*.jp*g"), recursive=True))[:k]
    started = time.perf_counter()
    pdfmetrics.registerFont(TTFont("zenhei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", subfontIndex=0))
    total = 0
    for i in range(k):
        path = os.path.join(out, "C-WEB-2027-%06d.pdf" % (i + 1))
        c = canvas.Canvas(path, pagesize=(W, H))
        c.setFillColorRGB(0xF6 / 255, 0xEE / 255, 0xDA / 255)
        c.rect(0, 0, W, H, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.setLineWidth(3)
        c.rect(8 * mm, 8 * mm, 281 * mm, 194 * mm)
        c.setLineWidth(0.8)
        c.rect(12 * mm, 12 * mm, 273 * mm, 186 * mm)
        c.setFont("zenhei", 34)
        c.drawCentredString(140 * mm, y(37), "职业技能等级证书")
        c.setFont("zenhei", 12)
        c.drawCentredString(140 * mm, y(47), "Vocational Skill Level Certificate")
        c.drawImage(ImageReader(files[i % len(files)]), 30 * mm, y(107), 35 * mm, 49 * mm)
        number = "C-WEB-2027-%06d" % (i + 1)
        code = "%04X-%04X-%04X-%04X" % (i & 0xFFFF, (i * 7) & 0xFFFF, (i * 13) & 0xFFFF, (i * 31) & 0xFFFF)
        lines = [("姓　　名", "张伟%d" % i), ("证件号码", "11010119950101%04d" % (i % 10000)), ("证书名称", "Web前端开发"),
                 ("等　　级", "中级"), ("证书编号", number), ("发证日期", "2027年2月16日")]
        c.setFont("zenhei", 16)
        for n, (label, value) in enumerate(lines):
            c.drawString(80 * mm, y(65 + 13 * n), label + "：" + value)
        c.setFont("zenhei", 13)
        c.drawString(30 * mm, y(148), "该考生参加“Web前端开发”（中级）考核，成绩合格，特发此证。")
        c.setFont("zenhei", 12)
        c.drawString(30 * mm, y(171), "考核站点：郑州职业技术学院")
        c.drawString(30 * mm, y(186), "站点负责人：")
        c.drawRightString(275 * mm, y(171), "培训评价组织：工业和信息化职业技能评价中心")
        c.drawImage(ImageReader(signature_path), 60 * mm, y(194), 22 * mm, 22 * mm, mask="auto")
        c.drawImage(ImageReader(seal_path), 222 * mm, y(182), 40 * mm, 40 * mm, mask="auto")
        c.setFont("zenhei", 9)
        c.drawRightString(275 * mm, y(191), "验证码：" + code)
        qr = QrCodeWidget("KAOWU-CERT|%s|%s" % (number, code))
        x0, y0, x1, y1 = qr.getBounds()
        d = Drawing(30 * mm, 30 * mm, transform=[30 * mm / (x1 - x0), 0, 0, 30 * mm / (y1 - y0), 0, 0])
        d.add(qr)
        renderPDF.draw(d, c, 252 * mm, y(48))
        c.showPage()
        c.save()
        total += os.path.getsize(path)
    wall = time.perf_counter() - started
    print("@@RESULT@@" + json.dumps({"wall": wall, "n_files": k, "total_bytes": total}))


if __name__ == "__main__":
    main()
