import "../shared/styles.css";
import "./excel.css";
import { h } from "../shared/dom";
import { startPane } from "../shared/start";
import { ExcelPane } from "./pane";

// Inside Excel the pane works on the open workbook; outside Office there is no workbook to work on.
startPane("Excel", async ({ app, api, session, inHost }) => {
  if (!inHost) {
    app.replaceChildren(h("div", { className: "banner", attrs: { role: "status" } },
      "Browser preview: this pane keeps an Excel workbook's plan in step with the server. Open it from the OfficeCoordinator add-in in Excel."));
    return;
  }

  const paneRoot = h("div", { className: "pane-body" });
  app.replaceChildren(paneRoot);
  await new ExcelPane(paneRoot, api, await api.projects(), (batch) => Excel.run(batch), session).render();
});
