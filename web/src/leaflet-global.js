// leaflet.markercluster extends the global L, so Leaflet is published there first.
import L from "leaflet";

window.L = L;
export default L;
