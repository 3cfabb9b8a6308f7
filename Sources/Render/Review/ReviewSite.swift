public import Domain
import Foundation

/// One import record with what its page shows: every failure (up to `ReviewSite.failuresShown`)
/// and where its failed-rows workbook is.
public struct ReviewRecord: Sendable {
    public let record: ImportRecord
    public let failures: [Failure]
    /// Total failures stored (the page lists the first `failuresShown`).
    public let failureCount: Int
    public let countsByCode: [(code: String, count: Int)]
    /// The failed-rows workbook to copy beside the page, if any.
    public let failedRowsPath: String?

    public init(
        record: ImportRecord, failures: [Failure], failureCount: Int, countsByCode: [(code: String, count: Int)], failedRowsPath: String?
    ) {
        self.record = record
        self.failures = failures
        self.failureCount = failureCount
        self.countsByCode = countsByCode
        self.failedRowsPath = failedRowsPath
    }
}

/// The static review site of import records (`kaowu records html`): an index with every record
/// (sortable, filterable by a few lines of plain JavaScript), a page per record with its failed
/// rows and reasons and a link to its failed-rows workbook, failure counts by code as inline SVG.
/// No external asset: the folder can be copied to a school's share and opened from disk.
public enum ReviewSite {
    public static let failuresShown = 2_000

    /// Writes the site into `directory` (existing): `index.html`, `records/<id>.html`,
    /// `files/<id>.xlsx`. Each page is written under a temporary name and renamed.
    /// `pages`: the records whose pages are (re)written, nil for all (the watcher refreshes the
    /// index and the one record a file made).
    public static func write(_ records: [ReviewRecord], title: String, to directory: String, pages: Set<String>? = nil) throws {
        let manager = FileManager.default
        try manager.createDirectory(atPath: directory + "/records", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: directory + "/files", withIntermediateDirectories: true)
        var totals: [String: Int] = [:]
        for entry in records {
            for (code, count) in entry.countsByCode { totals[code, default: 0] += count }
            if let pages, !pages.contains(entry.record.id) { continue }
            var workbook: String?
            if let source = entry.failedRowsPath, manager.fileExists(atPath: source) {
                let target = directory + "/files/" + entry.record.id + ".xlsx"
                if !manager.fileExists(atPath: target) { try manager.copyItem(atPath: source, toPath: target) }
                workbook = "../files/" + entry.record.id + ".xlsx"
            }
            try save(recordPage(entry, workbook: workbook), to: directory + "/records/" + entry.record.id + ".html")
        }
        let chart = totals.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { (code: $0.key, count: $0.value) }
        try save(indexPage(records.map(\.record), title: title, chart: chart), to: directory + "/index.html")
    }

    static func save(_ html: String, to path: String) throws {
        let temporary = path + ".\(UUID().uuidString).tmp"
        try Data(html.utf8).write(to: URL(fileURLWithPath: temporary))
        guard rename(temporary, path) == 0 else { throw KaowuError(.outputWrite, "无法写入 \(path)") }
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    static let style = """
        body{font-family:"WenQuanYi Zen Hei","Noto Sans CJK SC",sans-serif;margin:24px;color:#222}
        h1{font-size:22px}table{border-collapse:collapse;width:100%;font-size:13px}
        th,td{border:1px solid #ccc;padding:4px 6px;text-align:left}th{background:#f0f3f7;cursor:pointer}
        tr:nth-child(even){background:#fafafa}.num{text-align:right}.bad{color:#b00020}.ok{color:#18794e}
        input{padding:4px 8px;margin:8px 0;width:320px}.note{color:#666;font-size:12px}
        """

    static func page(_ title: String, _ body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>\(escape(title))</title><style>\(style)</style></head>
        <body>\(body)</body></html>
        """
    }

    /// Failure counts by code as horizontal bars.
    static func chart(_ counts: [(code: String, count: Int)]) -> String {
        guard let largest = counts.map(\.count).max(), largest > 0 else { return "<p class=\"note\">没有失败的行。</p>" }
        let shown = counts.prefix(12)
        let height = 22 * shown.count + 10
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" height=\"\(height)\" role=\"img\" aria-label=\"按失败代码统计\">"
        for (index, entry) in shown.enumerated() {
            let y = 5 + index * 22
            let width = max(2, 380 * entry.count / largest)
            let name = FailureCode(entry.code).chineseName
            svg += "<text x=\"0\" y=\"\(y + 14)\" font-size=\"12\"><title>\(escape(entry.code))</title>\(escape(name))</text>"
            svg += "<rect x=\"200\" y=\"\(y)\" width=\"\(width)\" height=\"16\" fill=\"#c0392b\"></rect>"
            svg += "<text x=\"\(206 + width)\" y=\"\(y + 13)\" font-size=\"12\">\(entry.count)</text>"
        }
        return svg + "</svg>"
    }

    static func indexPage(_ records: [ImportRecord], title: String, chart counts: [(code: String, count: Int)]) -> String {
        var rows = ""
        for record in records {
            let status = record.status == .succeeded ? "ok" : record.failed > 0 || record.status == .refused ? "bad" : ""
            rows += "<tr><td>\(escape(Clock.isoString(record.startedAt)))</td><td>\(escape(record.tenant))</td>"
            rows +=
                "<td title=\"\(escape(record.kind))\">\(escape(record.kindLabel))</td><td><a href=\"records/\(escape(record.id)).html\">\(escape(record.fileName))</a></td>"
            rows +=
                "<td class=\"num\">\(record.total)</td><td class=\"num\">\(record.succeeded)</td><td class=\"num\">\(record.failed)</td>"
            rows += "<td class=\"\(status)\">\(escape(record.status.label))</td></tr>\n"
        }
        let body = """
            <h1>\(escape(title))</h1>
            <p class="note">共 \(records.count) 条导入记录。点击表头排序，在下面的框中输入文字筛选。</p>
            <h2>失败原因统计</h2>\(chart(counts))
            <h2>导入记录</h2>
            <input id="filter" placeholder="筛选：院校、类型、文件名、状态…" oninput="filterRows()">
            <table id="records"><thead><tr><th onclick="sortBy(0)">时间</th><th onclick="sortBy(1)">院校/组织</th>
            <th onclick="sortBy(2)">类型</th><th onclick="sortBy(3)">文件</th><th onclick="sortBy(4)">总数</th>
            <th onclick="sortBy(5)">成功</th><th onclick="sortBy(6)">失败</th><th onclick="sortBy(7)">状态</th></tr></thead>
            <tbody>
            \(rows)</tbody></table>
            <script>
            function filterRows(){var q=document.getElementById('filter').value.toLowerCase();
            document.querySelectorAll('#records tbody tr').forEach(function(r){r.style.display=r.textContent.toLowerCase().indexOf(q)<0?'none':'';});}
            var asc={};function sortBy(c){var b=document.querySelector('#records tbody');var rs=Array.from(b.rows);asc[c]=!asc[c];
            rs.sort(function(x,y){var a=x.cells[c].textContent,d=y.cells[c].textContent;var n=parseFloat(a),m=parseFloat(d);
            var r=(c>=4&&c<=6)?n-m:a.localeCompare(d,'zh');return asc[c]?r:-r;});rs.forEach(function(r){b.appendChild(r);});}
            </script>
            """
        return page(title, body)
    }

    static func recordPage(_ entry: ReviewRecord, workbook: String?) -> String {
        let record = entry.record
        var rows = ""
        for failure in entry.failures {
            rows += "<tr><td class=\"num\">\(failure.row)</td><td>\(escape(failure.column))</td><td>\(escape(failure.value))</td>"
            rows += "<td>\(escape(failure.code.rawValue))</td><td>\(escape(failure.reason))</td></tr>\n"
        }
        let more =
            entry.failureCount > entry.failures.count
            ? "<p class=\"note\">共 \(entry.failureCount) 条失败，这里列出前 \(entry.failures.count) 条；全部见失败数据文件。</p>" : ""
        let link = workbook.map { "<p><a href=\"\(escape($0))\">下载失败数据（Excel）</a></p>" } ?? ""
        let body = """
            <p><a href="../index.html">← 全部导入记录</a></p>
            <h1>导入记录 \(escape(record.id))</h1>
            <table><tbody>
            <tr><th>文件</th><td>\(escape(record.fileName))</td></tr>
            <tr><th>院校/组织</th><td>\(escape(record.tenant))</td></tr>
            <tr><th>类型</th><td>\(escape(record.kindLabel))（\(escape(record.kind))）</td></tr>
            <tr><th>时间</th><td>\(escape(Clock.isoString(record.startedAt)))</td></tr>
            <tr><th>状态</th><td>\(escape(record.status.label))</td></tr>
            <tr><th>总数 / 成功 / 失败</th><td>\(record.total) / \(record.succeeded) / \(record.failed)</td></tr>
            \(record.refusal.map { "<tr><th>拒绝原因</th><td class=\"bad\">\(escape($0))</td></tr>" } ?? "")
            </tbody></table>
            \(link)
            <h2>失败原因统计</h2>\(chart(entry.countsByCode))
            <h2>失败的行</h2>\(more)
            <table><thead><tr><th>行号</th><th>列</th><th>值</th><th>代码</th><th>原因</th></tr></thead><tbody>
            \(rows)</tbody></table>
            """
        return page("导入记录 \(record.id)", body)
    }
}
