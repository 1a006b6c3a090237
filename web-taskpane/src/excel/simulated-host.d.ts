// simulated-host.js defines window.Office and window.Excel over an in-memory workbook when it is imported.
export {};
