// Reading spreadsheet CSV exports: the encoding (checked, converted to UTF-8),
// the delimiter, then RFC 4180 records, each with the line it starts on.

#include "server/imports/csv_reader.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace clicfleet::server {

using common::Errc;
using common::make_error;
using common::Result;

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kSaveAsUtf8 = "save it as CSV UTF-8";

common::Error file_error(std::string message) {
    return make_error(Errc::invalid, std::move(message), "file");
}

/// The 1-based line holding byte `offset`.
std::size_t line_at(std::string_view text, std::size_t offset) {
    const auto end = text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size()));
    return 1 + static_cast<std::size_t>(std::count(text.begin(), end, '\n'));
}

std::string hex_byte(unsigned char byte) {
    char text[8];
    std::snprintf(text, sizeof text, "0x%02X", static_cast<unsigned>(byte));
    return text;
}

std::string size_text(std::size_t bytes) {
    constexpr std::size_t kMiB = 1 << 20;
    if (bytes >= kMiB && bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
    return std::to_string(bytes) + " bytes";
}

// ---------------------------------------------------------------------------
// Encodings

/// The offset of the first byte that does not start a well-formed UTF-8
/// character (no overlong forms, surrogates or code points past U+10FFFF), or npos.
std::size_t invalid_utf8_at(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;  // the range allowed for the second byte
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) low = 0xA0;   // overlong
            if (lead == 0xED) high = 0x9F;  // surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) low = 0x90;   // overlong
            if (lead == 0xF4) high = 0x8F;  // past U+10FFFF
        } else {
            return i;
        }
        if (i + length > text.size()) return i;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) return i;
        }
        i += length;
    }
    return std::string_view::npos;
}

/// Windows-1252 bytes 0x80 to 0x9F as code points; 0 where the code page has no character.
constexpr std::array<char32_t, 32> kCp1252Row8and9 = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 0x80
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,       // 0x88
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 0x90
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,  // 0x98
};

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {  // Windows-1252 needs nothing past the Basic Multilingual Plane
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// Windows-1252 bytes as UTF-8, or an error naming the first byte the code page lacks.
Result<std::string> from_windows_1252(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const auto byte = static_cast<unsigned char>(bytes[i]);
        char32_t cp = byte;
        if (byte >= 0x80 && byte < 0xA0) cp = kCp1252Row8and9[byte - 0x80];
        if (cp == 0) {
            return file_error("the file is neither UTF-8 nor Windows-1252 (byte " + hex_byte(byte) +
                              " on line " + std::to_string(line_at(bytes, i)) + "); " +
                              std::string(kSaveAsUtf8));
        }
        append_utf8(out, cp);
    }
    return out;
}

struct DecodedText {
    std::string text;
    std::string encoding;
};

/// The file as UTF-8, and the encoding it was in.
Result<DecodedText> decode(std::string_view bytes) {
    if (bytes.starts_with(kUtf8Bom)) {
        const std::string_view body = bytes.substr(kUtf8Bom.size());
        const std::size_t bad = invalid_utf8_at(body);
        if (bad != std::string_view::npos) {
            return file_error(
                "the file starts as UTF-8 (with a BOM) but is not valid UTF-8 (line " +
                std::to_string(line_at(body, bad)) + "); " + std::string(kSaveAsUtf8));
        }
        return DecodedText{std::string(body), "utf-8 with BOM"};
    }
    if (invalid_utf8_at(bytes) == std::string_view::npos) {
        return DecodedText{std::string(bytes), "utf-8"};
    }
    auto converted = from_windows_1252(bytes);
    if (!converted) return converted.error();
    return DecodedText{std::move(converted).value(), "windows-1252"};
}

// ---------------------------------------------------------------------------
// Records

bool is_blank_char(char c) {
    return c == ' ' || c == '\t';
}

std::string trimmed(std::string_view text) {
    while (!text.empty() && is_blank_char(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_blank_char(text.back()))
        text.remove_suffix(1);
    return std::string(text);
}

/// A blank line, or one of only delimiters and spaces: an empty spreadsheet row.
/// Either delimiter counts, so that such a line is blank before the delimiter is known.
bool is_blank(const CsvRow& row) {
    return std::all_of(row.fields.begin(), row.fields.end(), [](const std::string& field) {
        return field.find_first_not_of(" \t;,") == std::string::npos;
    });
}

/// Reads RFC 4180 records one at a time, counting lines.
class RecordReader {
  public:
    RecordReader(std::string_view text, char delimiter) : text_(text), delimiter_(delimiter) {}

    bool done() const { return pos_ >= text_.size(); }

    /// The next record; an error for a quoted field that is never closed.
    Result<CsvRow> next() {
        CsvRow row;
        row.line = line_;
        while (true) {
            std::string field;
            while (!done() && is_blank_char(text_[pos_]))
                ++pos_;
            if (!done() && text_[pos_] == '"') {
                if (auto closed = read_quoted(field); !closed) return closed.error();
            }
            read_unquoted(field);  // after a closing quote, anything up to the delimiter
            row.fields.push_back(trimmed(field));
            if (!done() && text_[pos_] == delimiter_) {
                ++pos_;
                continue;
            }
            skip_line_end();
            return row;
        }
    }

  private:
    std::size_t line_end_length() const {
        if (done()) return 0;
        if (text_[pos_] == '\n') return 1;
        if (text_.substr(pos_).starts_with("\r\n")) return 2;
        return 0;
    }

    void skip_line_end() {
        if (const std::size_t n = line_end_length(); n > 0) {
            pos_ += n;
            ++line_;
        }
    }

    /// A quoted field, from its opening quote to its closing one; "" is a quote,
    /// and a line break inside is kept as "\n".
    common::Status read_quoted(std::string& field) {
        const std::size_t opened_on = line_;
        ++pos_;
        while (!done()) {
            if (text_[pos_] == '"') {
                if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
                    field += '"';
                    pos_ += 2;
                    continue;
                }
                ++pos_;
                return {};
            }
            if (line_end_length() > 0) {
                field += '\n';
                skip_line_end();
                continue;
            }
            field += text_[pos_++];
        }
        return file_error("a quoted field that starts on line " + std::to_string(opened_on) +
                          " is never closed (a '\"' is missing)");
    }

    void read_unquoted(std::string& field) {
        while (!done() && text_[pos_] != delimiter_ && line_end_length() == 0)
            field += text_[pos_++];
    }

    std::string_view text_;
    char delimiter_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

/// How many columns the first non-blank record has with `delimiter`, 0 if unreadable.
std::size_t header_columns(std::string_view text, char delimiter) {
    RecordReader reader(text, delimiter);
    while (!reader.done()) {
        auto record = reader.next();
        if (!record) return 0;
        if (!is_blank(*record)) return record->fields.size();
    }
    return 0;
}

/// ';' or ',': the one that splits the header into more columns; ';' on a tie.
char detect_delimiter(std::string_view text) {
    return header_columns(text, ',') > header_columns(text, ';') ? ',' : ';';
}

}  // namespace

Result<CsvTable> read_csv(std::string_view bytes, std::size_t max_bytes, std::size_t max_rows) {
    if (bytes.size() > max_bytes) {
        return file_error("the file is larger than " + size_text(max_bytes));
    }
    if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
        return file_error("the file is UTF-16 text; " + std::string(kSaveAsUtf8));
    }
    if (bytes.empty() || bytes == kUtf8Bom) return file_error("the file is empty");
    if (const auto nul = bytes.find('\0'); nul != std::string_view::npos) {
        return file_error("the file holds a NUL byte (line " + std::to_string(line_at(bytes, nul)) +
                          "), so it is not CSV text; " + std::string(kSaveAsUtf8));
    }
    auto decoded = decode(bytes);
    if (!decoded) return decoded.error();
    const std::string& text = decoded->text;

    CsvTable table;
    table.encoding = decoded->encoding;
    table.delimiter = detect_delimiter(text);
    RecordReader reader(text, table.delimiter);
    bool have_header = false;
    while (!reader.done()) {
        auto record = reader.next();
        if (!record) return record.error();
        if (is_blank(*record)) continue;
        if (!have_header) {
            table.header = std::move(record->fields);
            have_header = true;
            continue;
        }
        if (table.rows.size() == max_rows) {
            return file_error("the file has more than " + std::to_string(max_rows) + " rows");
        }
        table.rows.push_back(std::move(record).value());
    }
    if (!have_header) return file_error("the file has no header line, only blank lines");
    return table;
}

}  // namespace clicfleet::server
