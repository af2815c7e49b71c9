// Boost.JSON's and Boost.URL's compiled parts, for the Windows agent, which
// has no Boost library to link (cmake/WindowsDependencies.cmake).
#include <boost/json/src.hpp>
#include <boost/url/src.hpp>
