import "../shared/styles.css";
import "./excel.css";
import { h } from "../shared/dom";
import { startPane } from "../shared/start";
import { ExcelPane } from "./pane";
import { previewSharedPlan } from "./sharedPlan";

// Outside Excel, /excel/?workbook=simulated runs the pane on the simulated workbook the browser tests use, so that a
// newcomer can try it right after the run command. It is loaded before the pane looks for its host.
const simulated = new URLSearchParams(location.search).get("workbook") === "simulated";
if (simulated) await import("./simulated-host.js");

// Inside Excel the pane works on the open workbook; outside Office it offers the simulated one.
startPane("Excel", async ({ app, api, session, inHost }) => {
  if (!inHost) {
    const preview = h("div", { className: "pane-body" });
    const tryIt = h("a", { href: "?workbook=simulated", className: "button-link primary" }, "Try it on a simulated workbook");
    app.replaceChildren(h("div", { className: "banner", attrs: { role: "status" } },
      "Browser preview: in Excel this pane keeps the workbook's plan in step with the server. Try it here on a simulated workbook, "
      + "or publish the shared plan and open it.", h("div", null, tryIt)), preview);
    previewSharedPlan(preview, api, session, await api.projects());
    return;
  }

  const paneRoot = h("div", { className: "pane-body" });
  if (simulated) {
    app.replaceChildren(h("div", { className: "banner" }, "Simulated workbook: the grid beside the pane stands for Excel. Select a cell and type in its formula bar to edit it."), paneRoot);
  } else {
    app.replaceChildren(paneRoot);
  }
  await new ExcelPane(paneRoot, api, await api.projects(), (batch) => Excel.run(batch), session).render();
});
