// The clicfleet console: one page application served by clicfleet-server.

import { render } from "preact";
import { useEffect } from "preact/hooks";

import "./style.css";

import { Loading } from "./components/Status";
import { mayOpen } from "./logic/routes";
import { AlertsPage } from "./pages/Alerts";
import { ApplicationPage } from "./pages/Application";
import { ApplicationNewPage } from "./pages/ApplicationNew";
import { ApplicationsPage } from "./pages/Applications";
import { AuditPage } from "./pages/Audit";
import { DeadlinesPage } from "./pages/Deadlines";
import { DevicePage } from "./pages/Device";
import { DevicesPage } from "./pages/Devices";
import { ForbiddenPage, NotFoundPage } from "./pages/Errors";
import { FiguresPage } from "./pages/Figures";
import { LoginPage } from "./pages/Login";
import { OverviewPage } from "./pages/Overview";
import { ImportPage } from "./pages/Import";
import { LettersPage } from "./pages/Letters";
import { PasswordPage } from "./pages/Password";
import { PaymentsPage } from "./pages/Payments";
import { PupilPage } from "./pages/Pupil";
import { PupilsPage } from "./pages/Pupils";
import { SettingsPage } from "./pages/Settings";
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
    case "pupils":
      return <PupilsPage />;
    case "pupil":
      return <PupilPage ref={route.ref} key={route.ref} />;
    case "pupils_import":
      return <ImportPage />;
    case "applications":
      return <ApplicationsPage />;
    case "application_new":
      return <ApplicationNewPage key={location.value.search} />;
    case "application":
      return <ApplicationPage id={route.id} key={route.id} />;
    case "deadlines":
      return <DeadlinesPage />;
    case "letters":
      return <LettersPage />;
    case "payments":
      return <PaymentsPage />;
    case "figures":
      return <FiguresPage />;
    case "settings":
      return <SettingsPage />;
    default:
      return <NotFoundPage />;
  }
}

startApp();
void loadAccount();
render(<App />, document.getElementById("app")!);
