#pragma once
// CSV files exported from spreadsheets (SPEC §6 "Imports"): UTF-8 with or
// without BOM or Windows-1252, ';' or ',' separated, RFC 4180 quotes. This is
// the file level only; the import rows are checked in import_rows.hpp.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/util/result.hpp"

namespace clicfleet::server {

struct CsvRow {
    std::size_t line = 0;  ///< 1-based line in the file where the row starts
    std::vector<std::string> fields;
};

struct CsvTable {
    std::vector<std::string> header;
    std::vector<CsvRow> rows;
    char delimiter = ',';
    std::string encoding;  ///< "utf-8", "utf-8 with BOM" or "windows-1252"
};

/// Reads a spreadsheet export: UTF-8 with or without BOM, else Windows-1252 (converted to UTF-8;
/// bytes 0x81 0x8D 0x8F 0x90 0x9D are undefined there and make the file unreadable), ';' or ','
/// separated (the one that splits the header line into more columns; tie → ';'), RFC 4180 quotes
/// (quoted fields may hold the delimiter, "" and newlines; a newline inside quotes is read as
/// "\n"), CRLF or LF, blank lines skipped (also lines of only delimiters, as spreadsheets export
/// empty rows), fields trimmed of surrounding spaces and tabs, quoted or not.
/// File-level problems are errors (Errc::invalid, field "file") with a plain message: empty file,
/// no header, UTF-16 (BOM FF FE / FE FF: "save it as CSV UTF-8"), an unterminated quote (naming
/// its line), a NUL byte, more than max_bytes or max_rows (data rows, the header not counted).
common::Result<CsvTable> read_csv(std::string_view bytes, std::size_t max_bytes = 8 << 20,
                                  std::size_t max_rows = 100000);

}  // namespace clicfleet::server
