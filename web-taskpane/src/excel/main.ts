import "../shared/styles.css";
import "./excel.css";
import { h } from "../shared/dom";
import { startPane } from "../shared/start";
import { ExcelPane } from "./pane";
import { previewSharedPlan } from "./sharedPlan";

// Inside Excel the pane works on the open workbook; outside Office there is no workbook to work on.
startPane("Excel", async ({ app, api, session, inHost }) => {
  if (!inHost) {
    const preview = h("div", { className: "pane-body" });
    app.replaceChildren(h("div", { className: "banner", attrs: { role: "status" } },
      "Browser preview: in Excel this pane keeps the workbook's plan in step with the server. Here you can publish the shared plan and open it."), preview);
    previewSharedPlan(preview, api, session, await api.projects());
    return;
  }

  const paneRoot = h("div", { className: "pane-body" });
  app.replaceChildren(paneRoot);
  await new ExcelPane(paneRoot, api, await api.projects(), (batch) => Excel.run(batch), session).render();
});
