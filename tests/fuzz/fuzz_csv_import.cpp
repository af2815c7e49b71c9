// Import files as spreadsheets export them: UTF-8 or Windows-1252, ';' or ',',
// quoted or not, French or English headers, and whatever else comes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/imports/csv_reader.hpp"
#include "server/imports/import_rows.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace clicfleet;
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    (void)server::read_csv(bytes);
    (void)server::parse_pupils_csv(bytes);
    (void)server::parse_handovers_csv(bytes, common::CivilDate::parse("2026-12-05").value());
    return 0;
}
