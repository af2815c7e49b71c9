// Reading spreadsheet CSV exports (SPEC §6 "Imports", §10): encodings (UTF-8
// with or without BOM, Windows-1252), the delimiter, RFC 4180 quotes, line
// numbers, and every file-level error with a plain message.

#include "server/imports/csv_reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/util/files.hpp"

namespace clicfleet::server {
namespace {

using common::Errc;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string fixture(const std::string& name) {
    auto bytes =
        common::read_file(std::filesystem::path(CLICFLEET_FIXTURES_DIR) / "imports" / name);
    if (!bytes) {
        ADD_FAILURE() << name << ": " << bytes.error().message;
        return {};
    }
    return std::move(bytes).value();
}

/// Reads text that must be readable.
CsvTable read(std::string_view bytes) {
    auto table = read_csv(bytes);
    if (!table) {
        ADD_FAILURE() << "'" << bytes << "': " << table.error().message;
        return CsvTable{};
    }
    return std::move(table).value();
}

/// The error for text that must be rejected; it is always about the file.
common::Error rejected(std::string_view bytes, std::size_t max_bytes = 8 << 20,
                       std::size_t max_rows = 100000) {
    auto table = read_csv(bytes, max_bytes, max_rows);
    if (table) {
        ADD_FAILURE() << "'" << bytes << "' was read";
        return {};
    }
    EXPECT_EQ(table.error().code, Errc::invalid);
    EXPECT_EQ(table.error().field, "file");
    return table.error();
}

std::vector<std::size_t> lines(const CsvTable& table) {
    std::vector<std::size_t> result;
    for (const auto& row : table.rows)
        result.push_back(row.line);
    return result;
}

// ---------------------------------------------------------------------------
// Fixtures: real spreadsheet exports

TEST(CsvReaderFixtures, FrenchWindows1252SemicolonFileIsConvertedToUtf8) {
    const CsvTable table = read(fixture("handovers-fr-semicolon-1252.csv"));
    EXPECT_EQ(table.encoding, "windows-1252");
    EXPECT_EQ(table.delimiter, ';');
    ASSERT_EQ(table.header.size(), 8u);
    EXPECT_EQ(table.header[0], "Num\xC3\xA9ro de s\xC3\xA9rie");
    EXPECT_EQ(table.header[4],
              "\xC3\x89"
              "cole");
    ASSERT_EQ(table.rows.size(), 4u);  // the row of only ';' at the end is skipped
    EXPECT_THAT(table.rows[0].fields,
                ElementsAre("pf3 abc01", "E26-001", "Lef\xC3\xA8vre", "Ga\xC3\xABlle",
                            "\xC3\x89"
                            "cole Saint-Exup\xC3\xA9ry",
                            "6e B", "01/09/2026", "initiale"));
    EXPECT_EQ(table.rows[1].fields[2], "Gar\xC3\xA7on");
    EXPECT_EQ(table.rows[1].fields[7], "");
    EXPECT_EQ(table.rows[2].fields[2],
              "Dell\xE2\x80\x99"
              "Acqua");  // 0x92: right quote
    EXPECT_EQ(table.rows[2].fields[3], "Fran\xC3\xA7ois");
    EXPECT_THAT(lines(table), ElementsAre(2, 3, 4, 5));
}

TEST(CsvReaderFixtures, CrLfLineEndsLeaveNoCarriageReturnInFields) {
    const CsvTable table = read(fixture("handovers-fr-semicolon-1252.csv"));
    EXPECT_EQ(table.header.back(), "Type");
    for (const auto& row : table.rows)
        EXPECT_EQ(row.fields.back().find('\r'), std::string::npos) << row.line;
}

TEST(CsvReaderFixtures, EnglishUtf8WithBomCommaFileKeepsQuotedCommasAndQuotes) {
    const CsvTable table = read(fixture("handovers-en-bom.csv"));
    EXPECT_EQ(table.encoding, "utf-8 with BOM");
    EXPECT_EQ(table.delimiter, ',');
    ASSERT_EQ(table.header.size(), 8u);
    EXPECT_EQ(table.header[0], "serial");  // no BOM left in the first name
    ASSERT_EQ(table.rows.size(), 3u);
    ASSERT_EQ(table.rows[0].fields.size(), 8u);
    EXPECT_EQ(table.rows[0].fields[4], "Coll\xC3\xA8ge \"Les Tilleuls\", annexe");
    EXPECT_EQ(table.rows[1].fields[4],
              "Lyc\xC3\xA9"
              "e Victor-Hugo");
    EXPECT_THAT(lines(table), ElementsAre(2, 3, 4));
}

TEST(CsvReaderFixtures, PupilsFileIsUtf8WithoutBom) {
    const CsvTable table = read(fixture("pupils-fr.csv"));
    EXPECT_EQ(table.encoding, "utf-8");
    EXPECT_EQ(table.delimiter, ';');
    EXPECT_THAT(table.header, ElementsAre("ref_eleve", "NOM", "Pr\xC3\xA9nom", "ecole", "Classe"));
    ASSERT_EQ(table.rows.size(), 3u);
    EXPECT_THAT(table.rows[2].fields, ElementsAre("E26-003",
                                                  "Dell\xE2\x80\x99"
                                                  "Acqua",
                                                  "Fran\xC3\xA7ois", "", ""));
}

// ---------------------------------------------------------------------------
// Encodings

TEST(CsvReaderEncoding, PlainAsciiIsUtf8) {
    EXPECT_EQ(read("a;b\n1;2\n").encoding, "utf-8");
}

TEST(CsvReaderEncoding, ValidUtf8StaysAsItIs) {
    const CsvTable table = read("nom\nH\xC3\xA9l\xC3\xA8ne \xE2\x82\xAC \xF0\x9F\x98\x80\n");
    EXPECT_EQ(table.encoding, "utf-8");
    EXPECT_EQ(table.rows.at(0).fields.at(0), "H\xC3\xA9l\xC3\xA8ne \xE2\x82\xAC \xF0\x9F\x98\x80");
}

TEST(CsvReaderEncoding, Windows1252LettersBecomeUtf8) {
    const CsvTable table = read(
        "nom\nH\xE9l\xE8ne\n\xC9"
        "cole \xC7"
        "a\n");
    EXPECT_EQ(table.encoding, "windows-1252");
    EXPECT_EQ(table.rows.at(0).fields.at(0), "H\xC3\xA9l\xC3\xA8ne");
    EXPECT_EQ(table.rows.at(1).fields.at(0),
              "\xC3\x89"
              "cole \xC3\x87"
              "a");
}

TEST(CsvReaderEncoding, Windows1252PunctuationRowBecomesItsUnicodeCharacters) {
    // 0x80 euro, 0x8C OE ligature, 0x92 right quote, 0x9F Y diaeresis, 0xA0 no-break space.
    const CsvTable table = read("x\n\x80\x8C\x92\x9F\xA0\xFF\n");
    EXPECT_EQ(table.encoding, "windows-1252");
    EXPECT_EQ(table.rows.at(0).fields.at(0),
              "\xE2\x82\xAC\xC5\x92\xE2\x80\x99\xC5\xB8\xC2\xA0\xC3\xBF");
}

TEST(CsvReaderEncoding, MalformedUtf8IsReadAsWindows1252) {
    // An overlong '/' (C0 AF) and a UTF-16 surrogate (ED A0 80) are not UTF-8.
    EXPECT_EQ(read("x\n\xC0\xAF\n").encoding, "windows-1252");
    EXPECT_EQ(read("x\n\xC0\xAF\n").rows.at(0).fields.at(0), "\xC3\x80\xC2\xAF");
    EXPECT_EQ(read("x\n\xED\xA0\x80\n").encoding, "windows-1252");
    EXPECT_EQ(read("x\nabc\xC3\n").encoding, "windows-1252");  // cut short at the end
}

TEST(CsvReaderEncoding, BytesUndefinedInWindows1252MakeTheFileUnreadable) {
    for (const char byte : {'\x81', '\x8D', '\x8F', '\x90', '\x9D'}) {
        const std::string text = std::string("nom\nok\nH\xE9") + byte + "l\n";
        const auto error = rejected(text);
        EXPECT_THAT(error.message, HasSubstr("neither UTF-8 nor Windows-1252"));
        EXPECT_THAT(error.message, HasSubstr("line 3"));
        EXPECT_THAT(error.message, HasSubstr("save it as CSV UTF-8"));
    }
    EXPECT_THAT(rejected("x\n\x81\n").message, HasSubstr("0x81"));
}

TEST(CsvReaderEncoding, ABomPromisesUtf8) {
    const auto error = rejected("\xEF\xBB\xBFnom\nok\nH\xE9l\xE8ne\n");
    EXPECT_THAT(error.message, HasSubstr("not valid UTF-8"));
    EXPECT_THAT(error.message, HasSubstr("line 3"));
}

TEST(CsvReaderEncoding, Utf16IsRejectedWithAdvice) {
    for (const std::string& bom : {std::string("\xFF\xFE"), std::string("\xFE\xFF")}) {
        const auto error = rejected(bom + std::string("a\0;\0b\0", 6));
        EXPECT_THAT(error.message, HasSubstr("UTF-16"));
        EXPECT_THAT(error.message, HasSubstr("save it as CSV UTF-8"));
    }
}

// ---------------------------------------------------------------------------
// Delimiter

TEST(CsvReaderDelimiter, CommaWhenItSplitsTheHeaderIntoMoreColumns) {
    const CsvTable table = read("serial,pupil_ref,handover_date\nA;1,P1,2026-09-01\n");
    EXPECT_EQ(table.delimiter, ',');
    EXPECT_THAT(table.header, ElementsAre("serial", "pupil_ref", "handover_date"));
    EXPECT_THAT(table.rows.at(0).fields, ElementsAre("A;1", "P1", "2026-09-01"));
}

TEST(CsvReaderDelimiter, SemicolonWhenItSplitsTheHeaderIntoMoreColumns) {
    const CsvTable table = read(
        "nom;pr\xC3\xA9nom;classe,groupe\nDupont;L\xC3\xA9"
        "a;6,A\n");
    EXPECT_EQ(table.delimiter, ';');
    EXPECT_THAT(table.rows.at(0).fields, ElementsAre("Dupont",
                                                     "L\xC3\xA9"
                                                     "a",
                                                     "6,A"));
}

TEST(CsvReaderDelimiter, ATieIsSemicolon) {
    EXPECT_EQ(read("a,b;c\n1,2;3\n").delimiter, ';');
    EXPECT_EQ(read("nom\nDupont\n").delimiter, ';');
}

TEST(CsvReaderDelimiter, OnlyTheHeaderDecidesAndQuotedDelimitersDoNotCount) {
    // The header has two ';' columns and one ',' inside quotes; the rows have many commas.
    const CsvTable table = read("\"a,b\";c\n1,2,3,4;5\n");
    EXPECT_EQ(table.delimiter, ';');
    EXPECT_THAT(table.header, ElementsAre("a,b", "c"));
}

TEST(CsvReaderDelimiter, BlankLinesBeforeTheHeaderAreSkipped) {
    const CsvTable table = read("\n\n  \na,b\n1,2\n");
    EXPECT_EQ(table.delimiter, ',');
    EXPECT_THAT(table.header, ElementsAre("a", "b"));
    EXPECT_THAT(lines(table), ElementsAre(5));
}

// ---------------------------------------------------------------------------
// Quotes, lines and fields

TEST(CsvReaderQuotes, QuotedFieldsHoldTheDelimiterAndDoubledQuotes) {
    const CsvTable table = read("a;b;c\n\"x;y\";\"say \"\"hi\"\"\";\"\"\"\"\n");
    EXPECT_THAT(table.rows.at(0).fields, ElementsAre("x;y", "say \"hi\"", "\""));
}

TEST(CsvReaderQuotes, QuotedFieldsHoldLineBreaksAndLaterLinesStayRight) {
    const CsvTable table = read("a;b\n1;\"two\nlines\"\n2;\"three\r\nmore\nlines\"\n3;x\n");
    ASSERT_EQ(table.rows.size(), 3u);
    EXPECT_EQ(table.rows[0].fields[1], "two\nlines");
    EXPECT_EQ(table.rows[1].fields[1], "three\nmore\nlines");  // CRLF inside is read as "\n"
    EXPECT_THAT(lines(table), ElementsAre(2, 4, 7));
}

TEST(CsvReaderQuotes, AQuoteInsideAnUnquotedFieldIsKept) {
    EXPECT_THAT(read("a;b\n5\" disk;x\n").rows.at(0).fields, ElementsAre("5\" disk", "x"));
}

TEST(CsvReaderQuotes, SpacesAroundAQuotedFieldAreDropped) {
    EXPECT_THAT(read("a;b\n  \"x;y\"  ; z\n").rows.at(0).fields, ElementsAre("x;y", "z"));
}

TEST(CsvReaderQuotes, AnUnterminatedQuoteNamesTheLineWhereItOpens) {
    const auto error = rejected("a;b\n1;2\n3;\"never\nclosed\n4;5\n");
    EXPECT_THAT(error.message, HasSubstr("line 3"));
    EXPECT_THAT(error.message, HasSubstr("never closed"));
    EXPECT_THAT(rejected("\"a;b\n").message, HasSubstr("line 1"));
}

TEST(CsvReaderLines, CrLfAndLfGiveTheSameTable) {
    const CsvTable lf = read("a;b\n1;2\n\n3;\"x\ny\"\n");
    const CsvTable crlf = read("a;b\r\n1;2\r\n\r\n3;\"x\r\ny\"\r\n");
    EXPECT_EQ(lf.header, crlf.header);
    ASSERT_EQ(lf.rows.size(), crlf.rows.size());
    for (std::size_t i = 0; i < lf.rows.size(); ++i) {
        EXPECT_EQ(lf.rows[i].fields, crlf.rows[i].fields);
        EXPECT_EQ(lf.rows[i].line, crlf.rows[i].line);
    }
}

TEST(CsvReaderLines, BlankLinesAreSkippedButCounted) {
    const CsvTable table = read("a;b\n\n1;2\n   \n\t\n;;\n ; \n3;4");  // no newline at the end
    EXPECT_THAT(lines(table), ElementsAre(3, 8));
    EXPECT_THAT(table.rows.at(1).fields, ElementsAre("3", "4"));
}

TEST(CsvReaderLines, LinesOfOnlyEitherDelimiterAreBlank) {
    const CsvTable table = read(";;\na,b\n;;\n1,2\n,,\n");
    EXPECT_EQ(table.delimiter, ',');
    EXPECT_THAT(table.header, ElementsAre("a", "b"));
    EXPECT_THAT(lines(table), ElementsAre(4));
}

TEST(CsvReaderLines, FieldsAreTrimmedOfSurroundingSpaces) {
    const CsvTable table = read("  a ;\tb\t\n  Jean  Paul ; \" x \" \n");
    EXPECT_THAT(table.header, ElementsAre("a", "b"));
    EXPECT_THAT(table.rows.at(0).fields, ElementsAre("Jean  Paul", "x"));
}

TEST(CsvReaderLines, RowsKeepTheirOwnFieldCount) {
    const CsvTable table = read("a;b;c\n1;2\n1;2;3;4\n1;2;3;\n");
    ASSERT_EQ(table.rows.size(), 3u);
    EXPECT_EQ(table.rows[0].fields.size(), 2u);
    EXPECT_EQ(table.rows[1].fields.size(), 4u);
    EXPECT_THAT(table.rows[2].fields, ElementsAre("1", "2", "3", ""));  // trailing delimiter
}

TEST(CsvReaderLines, AHeaderAloneHasNoRows) {
    const CsvTable table = read("a;b\n");
    EXPECT_THAT(table.header, ElementsAre("a", "b"));
    EXPECT_TRUE(table.rows.empty());
}

// ---------------------------------------------------------------------------
// File-level errors

TEST(CsvReaderErrors, AnEmptyFile) {
    EXPECT_THAT(rejected("").message, HasSubstr("empty"));
    EXPECT_THAT(rejected("\xEF\xBB\xBF").message, HasSubstr("empty"));
}

TEST(CsvReaderErrors, OnlyBlankLinesIsNoHeader) {
    EXPECT_THAT(rejected("\n  \r\n;;;\n").message, HasSubstr("no header"));
}

TEST(CsvReaderErrors, ANulByteNamesItsLine) {
    const auto error = rejected(std::string("a;b\n1;2\n3;\0\n", 12));
    EXPECT_THAT(error.message, HasSubstr("NUL"));
    EXPECT_THAT(error.message, HasSubstr("line 3"));
}

TEST(CsvReaderErrors, UnmarkedUtf16HasNulBytes) {
    EXPECT_THAT(rejected(std::string("a\0;\0b\0\n\0", 8)).message, HasSubstr("NUL"));
}

TEST(CsvReaderErrors, MoreThanMaxBytes) {
    const std::string text = "a;b\n1;2\n";  // 8 bytes
    EXPECT_TRUE(read_csv(text, 8, 10));
    EXPECT_THAT(rejected(text, 7, 10).message, HasSubstr("larger than 7 bytes"));
    EXPECT_THAT(rejected(std::string(9 << 20, 'a')).message, HasSubstr("larger than 8 MiB"));
}

TEST(CsvReaderErrors, MoreThanMaxRowsNotCountingHeaderOrBlankLines) {
    const std::string text = "a;b\n1;2\n\n3;4\n\n5;6\n";
    EXPECT_TRUE(read_csv(text, 1000, 3));
    EXPECT_THAT(rejected(text, 1000, 2).message, HasSubstr("more than 2 rows"));
}

}  // namespace
}  // namespace clicfleet::server
