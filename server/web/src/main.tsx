// The clicfleet console: one page application served by clicfleet-server.

import { render } from "preact";
import { useEffect } from "preact/hooks";

import "./style.css";

import { Loading } from "./components/Status";
import { mayOpen } from "./logic/routes";
import { AlertsPage } from "./pages/Alerts";
import { AuditPage } from "./pages/Audit";
import { DevicePage } from "./pages/Device";
import { DevicesPage } from "./pages/Devices";
import { ForbiddenPage, NotFoundPage } from "./pages/Errors";
import { LoginPage } from "./pages/Login";
import { OverviewPage } from "./pages/Overview";
import { PasswordPage } from "./pages/Password";
import { SupportPage } from "./pages/Support";
import { UsersPage } from "./pages/Users";
import { account, currentRoute, loadAccount, location, navigate, startApp, toLogin } from "./state";

function App() {
  const route = currentRoute();
  const me = account.value;
  useEffect(() => {
    if (me === null && route.page !== "login") toLogin(null);
    if (me?.must_change_password && route.page !== "password") {
      navigate(`/password?next=${encodeURIComponent(location.value.path + location.value.search)}`, true);
    }
  }, [me, route.page]);

  if (me === undefined) return <Loading />;
  if (route.page === "login") return <LoginPage />;
  if (me === null) return <Loading />;
  if (route.page === "password") return <PasswordPage />;
  if (me.must_change_password) return <Loading />;
  if (!mayOpen(me.role, route.page)) return <ForbiddenPage />;
  switch (route.page) {
    case "overview":
      return <OverviewPage />;
    case "devices":
      return <DevicesPage />;
    case "device":
      return <DevicePage id={route.id} key={route.id} />;
    case "alerts":
      return <AlertsPage />;
    case "support":
      return <SupportPage />;
    case "users":
      return <UsersPage />;
    case "audit":
      return <AuditPage />;
    default:
      return <NotFoundPage />;
  }
}

startApp();
void loadAccount();
render(<App />, document.getElementById("app")!);
