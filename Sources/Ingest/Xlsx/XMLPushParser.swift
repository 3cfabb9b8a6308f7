import CXML2

/// A parse failure with the position libxml2 reported, or a refused construct.
public struct XMLError: Error, Sendable, CustomStringConvertible {
    public enum Reason: Sendable { case malformed, doctypeRefused }
    public let reason: Reason
    public let message: String
    public let line: Int
    public let column: Int
    public var description: String { "\(message) (line \(line), column \(column))" }
}

/// An element or attribute local name as libxml2 hands it over: NUL-terminated UTF-8, valid
/// only during the callback.
public struct XMLName {
    public let pointer: UnsafePointer<UInt8>

    /// Compares against an ASCII name without allocating.
    @inline(__always)
    public func `is`(_ name: StaticString) -> Bool {
        let expected = name.utf8Start
        var index = 0
        while index < name.utf8CodeUnitCount {
            if pointer[index] != expected[index] { return false }
            index += 1
        }
        return pointer[index] == 0
    }

    public var string: String { String(cString: pointer) }
}

/// The attributes of one start tag (libxml2's 5-pointer tuples), valid only during the callback.
public struct XMLAttributes {
    let base: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    public let count: Int

    /// The value of the attribute with local name `name` (namespace ignored), without allocating.
    @inline(__always)
    public func value(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
        guard let base else { return nil }
        for index in 0..<count {
            guard let local = base[index * 5], XMLName(pointer: local).is(name),
                let start = base[index * 5 + 3], let end = base[index * 5 + 4]
            else { continue }
            return UnsafeBufferPointer(start: start, count: end - start)
        }
        return nil
    }

    public func string(_ name: StaticString) -> String? {
        value(name).map(XMLAttributes.decoded)
    }

    /// An attribute value as text. libxml2, which substitutes no entities, hands `&amp;` over as
    /// `&#38;` (and `&lt;` as `&#60;`): those references are resolved here, so `R&amp;D` is `R&D`.
    static func decoded(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.contains(UInt8(ascii: "&")) else { return String(decoding: bytes, as: UTF8.self) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "&"),
                let semicolon = bytes[(position + 1)...].prefix(12).firstIndex(of: UInt8(ascii: ";")),
                let scalar = XMLReference.scalar(UnsafeBufferPointer(rebasing: bytes[(position + 1)..<semicolon]))
            {
                UTF8.encode(scalar) { result.append($0) }
                position = semicolon + 1
            } else {
                result.append(byte)
                position += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Every attribute as (local name, prefix, value), for parts where order or prefixes matter.
    public var all: [(name: String, prefix: String?, value: String)] {
        guard let base else { return [] }
        return (0..<count).compactMap { index in
            guard let local = base[index * 5], let start = base[index * 5 + 3], let end = base[index * 5 + 4] else {
                return nil
            }
            let prefix = base[index * 5 + 1].map { String(cString: $0) }
            return (String(cString: local), prefix, XMLAttributes.decoded(UnsafeBufferPointer(start: start, count: end - start)))
        }
    }
}

/// Receives SAX2 events; one handler per part being parsed.
public protocol XMLEventHandler: AnyObject {
    func startElement(_ name: XMLName, attributes: XMLAttributes)
    func endElement(_ name: XMLName)
    func characters(_ bytes: UnsafeBufferPointer<UInt8>)
}

/// A libxml2 SAX2 push parser (`xmlCreatePushParserCtxt`) configured for untrusted input:
/// no network, no entity substitution, no DTD loading, and any DOCTYPE is refused outright,
/// which rules out both external entities and entity-expansion bombs. The only file that
/// calls libxml2.
public final class XMLPushParser {
    private final class Box {
        unowned let handler: any XMLEventHandler
        var context: xmlParserCtxtPtr?
        var error: XMLError?
        init(handler: any XMLEventHandler) { self.handler = handler }
    }

    private let box: Box
    private let context: xmlParserCtxtPtr
    private let retained: Unmanaged<Box>

    public init(handler: any XMLEventHandler) throws(XMLError) {
        XMLPushParser.setUpOnce
        box = Box(handler: handler)
        retained = Unmanaged.passRetained(box)
        var sax = xmlSAXHandler()
        sax.initialized = XML_SAX2_MAGIC
        sax.startElementNs = { context, localname, _, _, _, _, attributeCount, _, attributes in
            guard let context, let localname else { return }
            let box = Unmanaged<Box>.fromOpaque(context).takeUnretainedValue()
            box.handler.startElement(
                XMLName(pointer: localname), attributes: XMLAttributes(base: attributes, count: Int(attributeCount)))
        }
        sax.endElementNs = { context, localname, _, _ in
            guard let context, let localname else { return }
            Unmanaged<Box>.fromOpaque(context).takeUnretainedValue().handler.endElement(XMLName(pointer: localname))
        }
        sax.characters = { context, bytes, length in
            guard let context, let bytes else { return }
            Unmanaged<Box>.fromOpaque(context).takeUnretainedValue().handler.characters(
                UnsafeBufferPointer(start: bytes, count: Int(length)))
        }
        sax.cdataBlock = sax.characters
        sax.internalSubset = { context, _, _, _ in
            guard let context else { return }
            let box = Unmanaged<Box>.fromOpaque(context).takeUnretainedValue()
            if box.error == nil {
                box.error = XMLError(reason: .doctypeRefused, message: "DOCTYPE declarations are not allowed", line: 0, column: 0)
            }
            if let parser = box.context { xmlStopParser(parser) }
        }
        sax.serror = { context, error in
            guard let context, let error else { return }
            let box = Unmanaged<Box>.fromOpaque(context).takeUnretainedValue()
            guard box.error == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let message = error.pointee.message.map { String(cString: $0) } ?? "XML error"
            box.error = XMLError(
                reason: .malformed, message: message.trimmingCharacters(in: .newlines),
                line: Int(error.pointee.line), column: Int(error.pointee.int2))
        }
        guard let created = xmlCreatePushParserCtxt(&sax, retained.toOpaque(), nil, 0, nil) else {
            retained.release()
            throw XMLError(reason: .malformed, message: "cannot create XML parser", line: 0, column: 0)
        }
        context = created
        box.context = created
        xmlCtxtUseOptions(created, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue))
    }

    deinit {
        xmlFreeParserCtxt(context)
        retained.release()
    }

    /// Feeds the next chunk. The corresponding C function is `xmlParseChunk`.
    public func feed(_ chunk: UnsafeRawBufferPointer) throws(XMLError) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        let status = xmlParseChunk(context, base.assumingMemoryBound(to: CChar.self), Int32(chunk.count), 0)
        try check(status)
    }

    /// Signals the end of input; reports an unterminated document.
    public func finish() throws(XMLError) {
        let status = xmlParseChunk(context, nil, 0, 1)
        try check(status)
    }

    private func check(_ status: Int32) throws(XMLError) {
        if let error = box.error { throw error }
        if status != 0 {
            throw XMLError(reason: .malformed, message: "XML error \(status)", line: 0, column: 0)
        }
    }

    /// Global libxml2 set-up: initialise once before any thread parses, and deny every
    /// external entity load process-wide.
    private static let setUpOnce: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()
}
