@NullMarked
package org.p2psip.enrollment;

import org.jspecify.annotations.NullMarked;
