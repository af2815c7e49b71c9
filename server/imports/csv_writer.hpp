#pragma once
// CSV files the city's spreadsheets and finance software open: ';' between
// fields, CRLF line ends, RFC 4180 quoting, and text that a spreadsheet
// would run as a formula ("=...", "+...", "-...", "@...") made inert.

#include <string>
#include <vector>

namespace clicfleet::server {

/// One line, CRLF included.
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace clicfleet::server
