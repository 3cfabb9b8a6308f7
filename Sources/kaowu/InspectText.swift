import Pipeline

/// The human form of `kaowu inspect`.
enum InspectText {
    static func render(_ report: InspectReport) -> String {
        var text = "工作表：" + report.sheets.map { "\($0.name)（\($0.state)）" }.joined(separator: "，") + "\n"
        text += "读取工作表“\(report.sheet)”，非空行 \(report.totalRows) 行\n"
        if let header = report.header {
            text += "表头行：\(report.headerRow.map(String.init) ?? "未找到")\n"
            for (spec, column) in zip(header.schema.columns, header.sheetColumns) {
                let place = column.map { InspectReport.reference(column: $0, row: report.headerRow ?? 1) } ?? "缺失"
                text += "  \(spec.required ? "*" : " ")\(spec.name) → \(place)\n"
            }
            if !header.missingRequired.isEmpty {
                text += "缺少必填列：\(header.missingRequired.joined(separator: "、"))\n"
            }
        }
        for row in report.rows {
            text +=
                "第\(row.number)行：" + row.cells.map { "\($0.ref)[\($0.value.type.rawValue)]=\($0.value.text)" }.joined(separator: "  ")
                + "\n"
        }
        if report.rows.count < report.totalRows {
            text += "……仅显示前 \(report.rows.count) 行（--limit 0 显示全部）\n"
        }
        return text
    }
}
