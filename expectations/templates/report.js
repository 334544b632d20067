(function(){
  function setup(table){
    var size=parseInt(table.dataset.pageSize||'25',10), page=0, q='';
    var rows=Array.prototype.slice.call(table.tBodies[0].rows);
    var pager=document.createElement('div'); pager.className='pager';
    table.parentNode.parentNode.insertBefore(pager, table.parentNode.nextSibling);
    function render(){
      var match=rows.filter(function(r){return !q||r.textContent.toLowerCase().indexOf(q)>=0;});
      var pages=Math.max(1,Math.ceil(match.length/size)); if(page>=pages)page=pages-1;
      rows.forEach(function(r){r.style.display='none';});
      match.slice(page*size,(page+1)*size).forEach(function(r){r.style.display='';});
      pager.innerHTML='';
      var info=document.createElement('span');
      info.textContent='第 '+(page+1)+' / '+pages+' 页 Page · '+match.length+' 行 rows';
      var prev=document.createElement('button'); prev.textContent='‹ 上一页';
      prev.disabled=page===0; prev.onclick=function(){page--;render();};
      var next=document.createElement('button'); next.textContent='下一页 ›';
      next.disabled=page>=pages-1; next.onclick=function(){page++;render();};
      pager.appendChild(prev); pager.appendChild(info); pager.appendChild(next);
    }
    table._filter=function(v){q=v.toLowerCase();page=0;render();};
    render();
  }
  document.querySelectorAll('table.paged').forEach(setup);
  document.querySelectorAll('input.filter').forEach(function(inp){
    inp.addEventListener('input',function(){
      var t=document.getElementById(inp.dataset.table); if(t&&t._filter)t._filter(inp.value);
    });
  });
})();
