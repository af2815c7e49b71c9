#pragma once
// The reads' WHERE clauses, built from the filters a request sets, with every
// value bound as a parameter: no value is ever pasted into the SQL. Internal
// to server/store.

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "common/store/sqlite.hpp"
#include "server/store/fleet_store.hpp"

namespace clicfleet::server {

class QueryBuilder {
  public:
    using Value = std::variant<std::string, std::int64_t>;

    /// The placeholder for `value`.
    std::string param(Value value) {
        values_.push_back(std::move(value));
        // Appended rather than "?" + to_string(): g++ 12 at -O3 warns about the
        // latter (a false -Wstringop-overflow).
        std::string placeholder = "?";
        placeholder += std::to_string(values_.size());
        return placeholder;
    }
    void where(const std::string& condition) {
        where_ += where_.empty() ? " WHERE " : " AND ";
        where_ += condition;
    }
    const std::string& where_clause() const { return where_; }

    void bind_all(common::Statement& stmt) const {
        for (std::size_t i = 0; i < values_.size(); ++i) {
            const int index = static_cast<int>(i + 1);
            std::visit([&](const auto& v) { stmt.bind(index, v); }, values_[i]);
        }
    }

  private:
    std::vector<Value> values_;
    std::string where_;
};

/// `%text%` for LIKE, with the wildcards in the text taken literally.
inline std::string like_pattern(const std::string& text) {
    std::string out = "%";
    for (const char c : text) {
        if (c == '%' || c == '_' || c == '\\') out += '\\';
        out += c;
    }
    return out + "%";
}

/// The condition that every word of `text` (folded, up to six) is found in
/// `haystack`, an SQL expression already folded with fold(); "1" when the
/// text has no word.
inline std::string words_condition(QueryBuilder& q, const std::string& haystack,
                                   const std::string& text) {
    std::string words;
    for (const auto& word : search_words(text)) {
        if (!words.empty()) words += " AND ";
        words += "instr(" + haystack + ", " + q.param(word) + ") > 0";
    }
    return words.empty() ? "1" : words;
}

}  // namespace clicfleet::server
