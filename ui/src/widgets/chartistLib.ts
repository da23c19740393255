//! Chartist and its stylesheet as one chunk, fetched when the first `Chart` widget is drawn
//! (ChartWidget.tsx): most conversations have no chart, so the page does not load it at start.
import "chartist/dist/index.css";

export { BarChart, Interpolation } from "chartist";
