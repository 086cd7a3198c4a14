// The alert's areas on an offline map: the district outline and one circle per KRT.
(function () {
  var el = document.getElementById("alert-map");
  if (!el || !window.L) return;
  var points = JSON.parse(document.getElementById("map-points").textContent);
  var boundary = JSON.parse(document.getElementById("district-boundary").textContent);
  var map = L.map(el, { attributionControl: false });
  var layers = [];
  if (boundary) {
    layers.push(L.geoJSON(boundary, { style: { color: "#5b6776", weight: 1, fillOpacity: 0.04 } }).addTo(map));
  }
  var group = L.featureGroup(points.map(function (p) {
    return L.circleMarker([p.lat, p.lon], { radius: 9, color: "#a1262b", weight: 2, fillOpacity: 0.5 })
      .bindTooltip(p.name + " (" + p.code + ")");
  })).addTo(map);
  if (points.length) {
    map.fitBounds(group.getBounds().pad(points.length > 1 ? 0.6 : 0), { maxZoom: 14 });
  } else if (layers.length) {
    map.fitBounds(layers[0].getBounds());
  }
  el.dataset.ready = "1";
})();
