// Aligned plain-text tables.

#include "server/ctl/text_table.hpp"

#include <algorithm>
#include <ostream>

namespace clicfleet::ctl {

std::size_t display_width(std::string_view text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

void TextTable::add_row(std::vector<std::string> cells) {
    cells.resize(std::max(cells.size(), headers_.size()));
    rows_.push_back(std::move(cells));
}

void TextTable::print(std::ostream& out) const {
    std::vector<std::size_t> widths(headers_.size());
    for (const auto& row : rows_)
        widths.resize(std::max(widths.size(), row.size()));
    for (std::size_t i = 0; i < headers_.size(); ++i)
        widths[i] = display_width(headers_[i]);
    for (const auto& row : rows_) {
        for (std::size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], display_width(row[i]));
    }
    const auto print_line = [&](const std::vector<std::string>& cells) {
        std::string line = indent_;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            line += cells[i];
            if (i + 1 < cells.size()) {
                line.append(widths[i] - display_width(cells[i]) + 2, ' ');
            }
        }
        while (line.size() > indent_.size() && line.back() == ' ')
            line.pop_back();
        out << line << "\n";
    };
    if (!headers_.empty()) print_line(headers_);
    for (const auto& row : rows_)
        print_line(row);
}

}  // namespace clicfleet::ctl
