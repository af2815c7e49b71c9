#pragma once
// Plain-text tables for a terminal: columns aligned with two spaces between
// them, no colours, no trailing blanks.

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace clicfleet::ctl {

class TextTable {
  public:
    explicit TextTable(std::vector<std::string> headers, std::string indent = {})
        : headers_(std::move(headers)), indent_(std::move(indent)) {}

    /// A row with fewer cells than headers gets empty cells.
    void add_row(std::vector<std::string> cells);
    bool empty() const { return rows_.empty(); }

    /// Prints the header line (when there are headers) and every row.
    void print(std::ostream& out) const;

  private:
    std::vector<std::string> headers_;
    std::string indent_;
    std::vector<std::vector<std::string>> rows_;
};

/// Width on a terminal, counting UTF-8 characters rather than bytes
/// (pupil names have accents).
std::size_t display_width(std::string_view text);

}  // namespace clicfleet::ctl
