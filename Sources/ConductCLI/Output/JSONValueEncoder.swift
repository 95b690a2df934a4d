import ConductKit

/// Turns an `Encodable` view into a `JSONValue`, so that every listing is written by the one
/// JSON writer (`JSONValue.writePretty`). Optionals left out by `encodeIfPresent` stay out, as
/// they did with Foundation's JSONEncoder; whole numbers become integers; fractions, which no
/// listing holds, are refused.
enum JSONValueEncoder {
    static func encode(_ value: some Encodable) throws -> JSONValue {
        try slot(value, path: []).json
    }

    fileprivate static func slot<T: Encodable>(_ value: T, path: [any CodingKey]) throws -> Slot {
        switch value {
        case let text as String: return .value(.string(text))
        case let flag as Bool: return .value(.bool(flag))
        case let number as Int: return .value(.integer(Int64(number)))
        case let json as JSONValue: return .value(json)
        default:
            let encoder = ValueEncoder(codingPath: path)
            try value.encode(to: encoder)
            return .box(encoder.box)
        }
    }

    fileprivate static func integer<N: BinaryInteger>(_ number: N, path: [any CodingKey]) throws -> Slot {
        guard let exact = Int64(exactly: number) else {
            throw EncodingError.invalidValue(number, .init(codingPath: path, debugDescription: "\(number) does not fit a JSON integer"))
        }
        return .value(.integer(exact))
    }

    fileprivate static func fraction(_ number: some BinaryFloatingPoint, path: [any CodingKey]) -> EncodingError {
        EncodingError.invalidValue(number, .init(codingPath: path, debugDescription: "listings hold whole numbers only"))
    }
}

/// A value being encoded: a keyed or unkeyed container, or a single value.
private final class Box {
    var object: [String: Slot]?
    var array: [Slot]?
    var single: Slot?

    var json: JSONValue {
        if let object { return .object(object.mapValues(\.json)) }
        if let array { return .array(array.map(\.json)) }
        if let single { return single.json }
        return .object([:])
    }
}

private enum Slot {
    case value(JSONValue)
    case box(Box)

    var json: JSONValue {
        switch self {
        case .value(let value): value
        case .box(let box): box.json
        }
    }
}

private struct SuperKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

private final class ValueEncoder: Encoder {
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    let box: Box

    init(codingPath: [any CodingKey], box: Box = Box()) {
        self.codingPath = codingPath
        self.box = box
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if box.object == nil { box.object = [:] }
        return KeyedEncodingContainer(KeyedContainer<Key>(box: box, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if box.array == nil { box.array = [] }
        return UnkeyedContainer(box: box, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(box: box, codingPath: codingPath)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: Box
    let codingPath: [any CodingKey]

    private func put(_ slot: Slot, _ key: Key) { box.object![key.stringValue] = slot }
    private func path(_ key: Key) -> [any CodingKey] { codingPath + [key] }

    mutating func encodeNil(forKey key: Key) throws { put(.value(.null), key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { put(.value(.bool(value)), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { put(.value(.string(value)), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { throw JSONValueEncoder.fraction(value, path: path(key)) }
    mutating func encode(_ value: Float, forKey key: Key) throws { throw JSONValueEncoder.fraction(value, path: path(key)) }
    mutating func encode(_ value: Int, forKey key: Key) throws { put(.value(.integer(Int64(value))), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { put(try JSONValueEncoder.integer(value, path: path(key)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { put(try JSONValueEncoder.integer(value, path: path(key)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { put(try JSONValueEncoder.integer(value, path: path(key)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { put(.value(.integer(value)), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { put(try JSONValueEncoder.integer(value, path: path(key)), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { put(try JSONValueEncoder.integer(value, path: path(key)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { put(try JSONValueEncoder.integer(value, path: path(key)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { put(try JSONValueEncoder.integer(value, path: path(key)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { put(try JSONValueEncoder.integer(value, path: path(key)), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { put(try JSONValueEncoder.slot(value, path: path(key)), key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = Box()
        nested.object = [:]
        put(.box(nested), key)
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested, codingPath: path(key)))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = Box()
        nested.array = []
        put(.box(nested), key)
        return UnkeyedContainer(box: nested, codingPath: path(key))
    }

    mutating func superEncoder() -> any Encoder {
        let nested = Box()
        box.object!["super"] = .box(nested)
        return ValueEncoder(codingPath: codingPath + [SuperKey(stringValue: "super")], box: nested)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        let nested = Box()
        put(.box(nested), key)
        return ValueEncoder(codingPath: path(key), box: nested)
    }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let box: Box
    let codingPath: [any CodingKey]
    var count: Int { box.array!.count }

    private func append(_ slot: Slot) { box.array!.append(slot) }

    mutating func encodeNil() throws { append(.value(.null)) }
    mutating func encode(_ value: Bool) throws { append(.value(.bool(value))) }
    mutating func encode(_ value: String) throws { append(.value(.string(value))) }
    mutating func encode(_ value: Double) throws { throw JSONValueEncoder.fraction(value, path: codingPath) }
    mutating func encode(_ value: Float) throws { throw JSONValueEncoder.fraction(value, path: codingPath) }
    mutating func encode(_ value: Int) throws { append(.value(.integer(Int64(value)))) }
    mutating func encode(_ value: Int64) throws { append(.value(.integer(value))) }
    mutating func encode(_ value: Int8) throws { append(try JSONValueEncoder.integer(value, path: codingPath)) }
    mutating func encode(_ value: Int16) throws { append(try JSONValueEncoder.integer(value, path: codingPath)) }
    mutating func encode(_ value: Int32) throws { append(try JSONValueEncoder.integer(value, path: codingPath)) }
    mutating func encode(_ value: UInt) throws { append(try JSONValueEncoder.integer(value, path: codingPath)) }
    mutating func encode(_ value: UInt8) throws { append(try JSONValueEncoder.integer(value, path: codingPath)) }
    mutating func encode(_ value: UInt16) throws { append(try JSONValueEncoder.integer(value, path: codingPath)) }
    mutating func encode(_ value: UInt32) throws { append(try JSONValueEncoder.integer(value, path: codingPath)) }
    mutating func encode(_ value: UInt64) throws { append(try JSONValueEncoder.integer(value, path: codingPath)) }
    mutating func encode<T: Encodable>(_ value: T) throws { append(try JSONValueEncoder.slot(value, path: codingPath)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = Box()
        nested.object = [:]
        append(.box(nested))
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = Box()
        nested.array = []
        append(.box(nested))
        return UnkeyedContainer(box: nested, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        let nested = Box()
        append(.box(nested))
        return ValueEncoder(codingPath: codingPath, box: nested)
    }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let box: Box
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { box.single = .value(.null) }
    mutating func encode(_ value: Bool) throws { box.single = .value(.bool(value)) }
    mutating func encode(_ value: String) throws { box.single = .value(.string(value)) }
    mutating func encode(_ value: Double) throws { throw JSONValueEncoder.fraction(value, path: codingPath) }
    mutating func encode(_ value: Float) throws { throw JSONValueEncoder.fraction(value, path: codingPath) }
    mutating func encode(_ value: Int) throws { box.single = .value(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { box.single = .value(.integer(value)) }
    mutating func encode(_ value: Int8) throws { box.single = try JSONValueEncoder.integer(value, path: codingPath) }
    mutating func encode(_ value: Int16) throws { box.single = try JSONValueEncoder.integer(value, path: codingPath) }
    mutating func encode(_ value: Int32) throws { box.single = try JSONValueEncoder.integer(value, path: codingPath) }
    mutating func encode(_ value: UInt) throws { box.single = try JSONValueEncoder.integer(value, path: codingPath) }
    mutating func encode(_ value: UInt8) throws { box.single = try JSONValueEncoder.integer(value, path: codingPath) }
    mutating func encode(_ value: UInt16) throws { box.single = try JSONValueEncoder.integer(value, path: codingPath) }
    mutating func encode(_ value: UInt32) throws { box.single = try JSONValueEncoder.integer(value, path: codingPath) }
    mutating func encode(_ value: UInt64) throws { box.single = try JSONValueEncoder.integer(value, path: codingPath) }
    mutating func encode<T: Encodable>(_ value: T) throws { box.single = try JSONValueEncoder.slot(value, path: codingPath) }
}
