/// How many columns a text takes in a terminal, for tally run's table: East Asian wide and fullwidth characters
/// (CJK, Hangul, fullwidth forms, most emoji) take two, combining marks none, everything else one. By Character
/// count, `日本語プラン` was padded as 6 columns and pushed the rest of its row out of line.
extension String {
    var terminalWidth: Int {
        unicodeScalars.reduce(0) { width, scalar in width + scalar.terminalWidth }
    }
}

extension Unicode.Scalar {
    /// The blocks of East Asian wide and fullwidth characters, and of the emoji terminals draw two columns wide.
    private static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
        0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
        0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
    ]

    var terminalWidth: Int {
        switch properties.generalCategory {
        // Combining marks and format characters (a zero-width joiner) draw on the character before.
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: return Self.wide.contains { $0.contains(value) } ? 2 : 1
        }
    }
}
