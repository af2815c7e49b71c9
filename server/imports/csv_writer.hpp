#pragma once
// CSV files the city's spreadsheets and finance software open: ';' between
// fields, CRLF line ends, RFC 4180 quoting of any field holding a separator
// (';' or ','), quote, tab or line break, and text that a spreadsheet would
// run as a formula ("=...", "+...", "-...", "@...", or one of them behind a
// leading tab or CR) made inert with a leading apostrophe. Every CSV the
// server writes goes through csv_line.

#include <string>
#include <vector>

namespace clicfleet::server {

/// Spreadsheets take UTF-8 for what it is only behind this mark: every CSV
/// meant for people starts with it (not the mandate file, for the finance
/// software).
inline constexpr const char* kByteOrderMark = "\xEF\xBB\xBF";

/// One line, CRLF included.
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace clicfleet::server
