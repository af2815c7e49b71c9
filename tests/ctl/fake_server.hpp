#pragma once
// A transport for clicfleetctl tests: answers from a function, records every
// request, never touches the network.

#include <functional>
#include <string>
#include <vector>

#include "server/ctl/transport.hpp"

namespace clicfleet::testing {

class FakeServer {
  public:
    using Answer = std::function<common::Result<common::HttpResponse>(const common::HttpRequest&)>;

    explicit FakeServer(Answer answer) : answer_(std::move(answer)) {}

    ctl::Transport transport() {
        return [this](common::HttpRequest request) {
            requests.push_back(request);
            return answer_(requests.back());
        };
    }
    ctl::TransportFactory factory() {
        return [this](const std::string& url, const std::filesystem::path& ca) {
            server_url = url;
            ca_file = ca;
            return transport();
        };
    }

    std::vector<common::HttpRequest> requests;
    std::string server_url;
    std::filesystem::path ca_file;

  private:
    Answer answer_;
};

inline common::HttpResponse json_answer(int status, std::string body,
                                        common::HttpHeaders headers = {}) {
    return common::HttpResponse{.status = status,
                                .content_type = "application/json",
                                .headers = std::move(headers),
                                .body = std::move(body)};
}

}  // namespace clicfleet::testing
