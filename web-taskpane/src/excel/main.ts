import "../shared/styles.css";
import { applyTheme } from "../shared/theme";

// The Excel task pane keeps the workbook's Plan table in step with the server.
const app = document.getElementById("app")!;
applyTheme(null);
app.textContent = "The Excel pane is starting.";
