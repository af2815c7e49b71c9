#pragma once
// Everything clicfleetctl prints passes through here: text that came from
// laptops (host names, agent versions, software names) or from the server
// may hold terminal control sequences, and `ESC ]52` alone can write the
// admin's clipboard. Control characters (C0 but line feed and tab, a carriage
// return not followed by a line feed, DEL, and C1 as UTF-8) are written as
// `\u00XX`, which is also a valid escape inside a JSON string, so --json
// output stays JSON; CSV's CRLF line ends pass as they are.

#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

namespace clicfleet::ctl {

class SafeOutputBuf final : public std::streambuf {
  public:
    explicit SafeOutputBuf(std::streambuf* sink) : sink_(sink) {}
    ~SafeOutputBuf() override { sync(); }
    SafeOutputBuf(const SafeOutputBuf&) = delete;
    SafeOutputBuf& operator=(const SafeOutputBuf&) = delete;

  protected:
    int_type overflow(int_type ch) override;
    int sync() override;

  private:
    void put(unsigned char c);
    void escape(unsigned code);
    void flush_pending();

    std::streambuf* sink_;
    int pending_ = -1;  ///< a 0xC2 lead byte or a '\r', until the next byte tells
};

/// A stream over `sink` that escapes control characters as above.
class SafeOutput {
  public:
    explicit SafeOutput(std::ostream& sink) : buf_(sink.rdbuf()), stream_(&buf_) {}
    std::ostream& stream() { return stream_; }

  private:
    SafeOutputBuf buf_;
    std::ostream stream_;
};

/// `text` as SafeOutput would print it.
std::string terminal_safe(std::string_view text);

}  // namespace clicfleet::ctl
